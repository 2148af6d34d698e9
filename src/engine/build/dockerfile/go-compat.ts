// Small re-creations of Go standard-library behaviours that BuildKit's Dockerfile front end relies
// on. They are written from the Go documentation so that Minato splits, trims, quotes and cleans
// exactly where `docker build` does: Go's idea of "space" is not JavaScript's (`\s` in JS includes
// U+FEFF and excludes U+0085), and the parser's debug form uses Go's strconv.Quote.

/** Go's unicode.IsSpace: the Latin-1 spaces plus the Unicode White_Space property. */
export function isGoSpace(ch: string): boolean {
  const c = ch.codePointAt(0);
  if (c === undefined) return false;
  if (c <= 0xff) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** strings.TrimLeftFunc(s, unicode.IsSpace). */
export function goTrimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length) {
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    if (!isGoSpace(ch)) break;
    i += ch.length;
  }
  return s.slice(i);
}

/** strings.TrimRightFunc(s, unicode.IsSpace). */
export function goTrimRightSpace(s: string): string {
  let end = s.length;
  while (end > 0) {
    // Every Go space is in the Basic Multilingual Plane, so one code unit is one character here.
    if (!isGoSpace(s[end - 1]!)) break;
    end--;
  }
  return s.slice(0, end);
}

/** strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  return goTrimRightSpace(goTrimLeftSpace(s));
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's strconv.Quote: a double-quoted literal with Go escapes; printable characters stay as they are. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (ch === ' ' || (c >= 0x20 && c < 0x7f) || (c >= 0xa0 && printable.test(ch))) {
      out += ch;
    } else if (c < 0x80) {
      out += '\\x' + c.toString(16).padStart(2, '0');
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate cannot be UTF-8; Go would see U+FFFD.
      out += '\\ufffd';
    } else if (c < 0x10000) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else {
      out += '\\U' + c.toString(16).padStart(8, '0');
    }
  }
  return out + '"';
}

/**
 * Go's path.Clean: the shortest equivalent slash-separated path, processing `.` and `..` lexically.
 * An empty path becomes ".".
 */
export function goCleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const joined = parts.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}
