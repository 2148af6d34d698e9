// WWW-Authenticate challenges (RFC 7235): how a registry says which authentication it wants.
// Docker Hub and distribution answer a request without credentials with, e.g.,
//   Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"
// and an htpasswd-protected registry with `Basic realm="basic-realm"`. One header may carry
// several challenges separated by commas, and a response may carry several headers.

export interface Challenge {
  /** Lowercased: "bearer", "basic", … */
  scheme: string;
  /** Parameter names lowercased; values unquoted. */
  params: Record<string, string>;
}

const tokenChar = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/** A cursor over one header value. */
class Reader {
  readonly text: string;
  pos = 0;

  constructor(text: string) {
    this.text = text;
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  token(): string {
    const start = this.pos;
    while (!this.done && tokenChar.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** A quoted-string with backslash escapes; an unterminated one runs to the end. */
  quoted(): string {
    this.pos++; // opening quote
    let value = '';
    while (!this.done && this.peek() !== '"') {
      if (this.peek() === '\\' && this.pos + 1 < this.text.length) this.pos++;
      value += this.text[this.pos++];
    }
    this.pos++; // closing quote
    return value;
  }
}

/**
 * Parses every challenge in the header value(s). Malformed parts are skipped rather than
 * rejected: a client that cannot read one challenge may still use another.
 */
export function parseWwwAuthenticate(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const values = Array.isArray(header) ? header : [header];
  return values.flatMap(parseOne);
}

function parseOne(value: string): Challenge[] {
  const challenges: Challenge[] = [];
  const reader = new Reader(value);
  let current: Challenge | undefined;
  // Right after a scheme (no comma yet), a bare word is that challenge's token68.
  let afterScheme = false;
  while (!reader.done) {
    reader.skipSpaces();
    if (reader.peek() === ',') {
      reader.pos++;
      afterScheme = false;
      continue;
    }
    const start = reader.pos;
    const word = reader.token();
    if (word === '') {
      reader.pos++; // a character no grammar rule allows here
      continue;
    }
    reader.skipSpaces();
    if (reader.peek() === '=' && current) {
      // name=value: a parameter of the current challenge (or a token68 ending in "=").
      reader.pos++;
      reader.skipSpaces();
      if (reader.peek() === '"') current.params[word.toLowerCase()] = reader.quoted();
      else if (reader.peek() === ',' || reader.done || reader.peek() === '=') {
        while (reader.peek() === '=') reader.pos++;
        current.params.token68 = value.slice(start, reader.pos).trim();
      } else current.params[word.toLowerCase()] = reader.token();
      afterScheme = false;
      continue;
    }
    if (afterScheme && current) {
      current.params.token68 = word;
      afterScheme = false;
      continue;
    }
    // A new challenge: its scheme, perhaps followed by a token68 (Basic abc==) or parameters.
    current = { scheme: word.toLowerCase(), params: {} };
    challenges.push(current);
    afterScheme = true;
  }
  return challenges;
}
