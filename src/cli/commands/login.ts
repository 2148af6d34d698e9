// `minato login [-u USER] [-p PASS | --password-stdin] [SERVER]`: the daemon checks the
// credentials against the registry (POST /auth), then they are stored in docker's config.json
// format at $MINATO_CONFIG/config.json (default ~/.minato/config.json, mode 0600) for pull and
// push to send. Without SERVER it is Docker Hub. Missing username or password are asked for on
// a terminal; with neither given, stored credentials are tried first, as docker does.
import { defaultConfigPath, readDockerConfig, setStoredAuth, storedAuth, writeDockerConfig } from '../../engine/registry/client/docker-config.ts';
import { credentialsOf } from '../../engine/registry/client/registry-auth.ts';
import { credentialKey, normaliseServerAddress } from '../../engine/registry/client/registry-host.ts';
import { DaemonError, type DaemonClient } from '../client.ts';
import { CliFailure, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Asks on the terminal; `hidden` keeps the answer from being echoed (passwords). */
function prompt(question: string, hidden: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    let answer = '';
    const wasRaw = stdin.isRaw;
    stdin.setRawMode(true);
    stdin.resume();
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new CliFailure('login cancelled', 1));
        if (char === '\u007f' || char === '\b') {
          if (answer.length > 0) {
            answer = answer.slice(0, -1);
            if (!hidden) process.stderr.write('\b \b');
          }
          continue;
        }
        answer += char;
        if (!hidden) process.stderr.write(char);
      }
    };
    stdin.on('data', onData);
  });
}

interface Login {
  username: string;
  password: string;
}

async function askDaemon(client: DaemonClient, login: Login, serverAddress: string): Promise<{ Status?: string; IdentityToken?: string }> {
  return client.json('POST', '/auth', { body: { username: login.username, password: login.password, serveraddress: serverAddress } });
}

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'login',
      usage: '[OPTIONS] [SERVER]',
      description: 'Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.',
      args: { min: 0, max: 1 },
      configure: (command) =>
        command
          .option('-u, --username <string>', 'Username')
          .option('-p, --password <string>', 'Password or Personal Access Token (PAT)')
          .option('--password-stdin', 'Take the Password or Personal Access Token (PAT) from stdin'),
      action: async ([server], options, client) => {
        let domain: string;
        try {
          domain = normaliseServerAddress(server);
        } catch (err) {
          throw new CliFailure(err instanceof Error ? err.message : String(err), 1);
        }
        const key = credentialKey(domain);
        let username = options.username as string | undefined;
        let password = options.password as string | undefined;
        if (password !== undefined && options.passwordStdin) throw new CliFailure('--password and --password-stdin are mutually exclusive', 1);
        if (options.passwordStdin) {
          if (!username) throw new CliFailure('Must provide --username with --password-stdin', 1);
          password = (await readStdin()).replace(/[\r\n]+$/, '');
        } else if (password !== undefined) {
          process.stderr.write('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
        }
        const file = defaultConfigPath();
        const config = await readDockerConfig(file).catch((err: unknown) => {
          throw new CliFailure(err instanceof Error ? err.message : String(err), 1);
        });

        let answer: { Status?: string; IdentityToken?: string } | undefined;
        if (username === undefined && password === undefined) {
          const stored = storedAuth(config, domain, file);
          const credentials = stored ? credentialsOf(stored, file) : undefined;
          if (credentials?.username && credentials.password) {
            process.stderr.write(`Authenticating with existing credentials... [Username: ${credentials.username}]\n`);
            try {
              answer = await askDaemon(client, { username: credentials.username, password: credentials.password }, key);
              username = credentials.username;
              password = credentials.password;
            } catch (err) {
              if (!(err instanceof DaemonError)) throw err;
              process.stderr.write(`Login did not succeed, error: ${err.message}\n`);
            }
          }
        }
        if (!answer) {
          const interactive = !!process.stdin.isTTY;
          if ((username === undefined || password === undefined) && !interactive) throw new CliFailure('Error: Cannot perform an interactive login from a non TTY device', 1);
          if (username === undefined) username = (await prompt('Username: ', false)).trim();
          if (!username) throw new CliFailure('Error: Non-null Username Required', 1);
          if (password === undefined) password = await prompt('Password: ', true);
          if (!password) throw new CliFailure('Error: Password Required', 1);
          answer = await askDaemon(client, { username, password }, key);
        }
        // An identity token (OAuth refresh token) replaces the password, as docker stores it.
        const identityToken = answer.IdentityToken || undefined;
        const updated = setStoredAuth(config, domain, { username: username!, password: identityToken ? '' : password, identityToken });
        await writeDockerConfig(file, updated);
        process.stderr.write(`WARNING! Your credentials are stored unencrypted in '${file}'.\n`);
        process.stdout.write(`${answer.Status || 'Login Succeeded'}\n`);
      },
    },
    argv,
    context,
  );
}
