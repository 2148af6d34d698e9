// A FAKE token service for tests: what Docker Hub's auth.docker.io does for registry-1, small
// enough to run here (the real one cannot). It implements distribution's token spec: GET
// /token?service=…&scope=…[&account=…] with Basic credentials (or none), answered with a JWT
// signed by a key whose certificate the registry trusts (`auth: token: rootcertbundle`). Known
// users get every action they ask for; anonymous callers get a token with no access (so an
// anonymous pull is refused with insufficient_scope, as Docker Hub refuses private images);
// a wrong password gets 401. Every request is logged to stdout as one JSON line.
//
//   node fake-token-server.ts --listen 127.0.0.1:PORT --key KEY.pem --cert CERT.pem \
//        --issuer NAME --service NAME --user alice:secret [--user …]
// Prints "listening <port>" when ready. Run it inside the test daemon's network namespace.
import { createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    listen: { type: 'string' },
    key: { type: 'string' },
    cert: { type: 'string' },
    issuer: { type: 'string' },
    service: { type: 'string' },
    user: { type: 'string', multiple: true, default: [] },
  },
});
for (const name of ['listen', 'key', 'cert', 'issuer', 'service'] as const) {
  if (!values[name]) {
    process.stderr.write(`fake-token-server: --${name} is required\n`);
    process.exit(2);
  }
}

const key = createPrivateKey(readFileSync(values.key!));
const certificate = new X509Certificate(readFileSync(values.cert!));
const users = new Map(values.user.map((entry) => [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1)]));
const [host, portText] = [values.listen!.slice(0, values.listen!.lastIndexOf(':')), values.listen!.slice(values.listen!.lastIndexOf(':') + 1)];

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

interface Access {
  type: string;
  name: string;
  actions: string[];
}

/** A JWT as distribution verifies it: ES256, the signing certificate in x5c, iss/aud/exp/nbf. */
function issueToken(subject: string, access: Access[]): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'ES256', x5c: [certificate.raw.toString('base64')] };
  const claims = { iss: values.issuer, sub: subject, aud: values.service, exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  // JOSE wants the raw r||s signature, not DER.
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${base64url(signature)}`;
}

function parseScope(text: string): Access | undefined {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  return { type: text.slice(0, first), name: text.slice(first + 1, last), actions: text.slice(last + 1).split(',').filter(Boolean) };
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://token');
  const answer = (status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  let subject = '';
  const authorization = req.headers.authorization ?? '';
  if (authorization.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const user = decoded.slice(0, decoded.indexOf(':'));
    if (users.get(user) !== decoded.slice(decoded.indexOf(':') + 1)) {
      process.stdout.write(`${JSON.stringify({ path: url.pathname, user, result: 'bad password' })}\n`);
      return answer(401, { details: 'incorrect username or password' });
    }
    subject = user;
  }
  if (url.pathname !== '/token' || req.method !== 'GET') return answer(404, { details: `no ${req.method} ${url.pathname} here` });
  if (url.searchParams.get('service') !== values.service) return answer(400, { details: `unknown service ${url.searchParams.get('service')}` });
  const wanted = url.searchParams.getAll('scope').flatMap((scope) => scope.split(' ')).map(parseScope).filter((scope): scope is Access => scope !== undefined);
  // Known users get what they ask for; anonymous callers get a valid token that allows nothing.
  const access = subject ? wanted : [];
  process.stdout.write(`${JSON.stringify({ path: url.pathname, user: subject, scopes: url.searchParams.getAll('scope'), granted: access.length })}\n`);
  const token = issueToken(subject, access);
  answer(200, { token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() });
});

server.listen(Number(portText), host, () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : portText}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
