// JSON Pointer (RFC 6901): "/a/b~1c/0" names member "b/c" of member "a", then element 0.
// "~1" stands for "/" and "~0" for "~", decoded in that order so "~01" is "~1", not "/".

/** The reference tokens of a pointer; [] for "" (the whole document). Undefined when it is not a pointer. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function formatPointer(tokens: readonly string[]): string {
  return tokens.map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * An array index token as RFC 6901 allows it: "0", or digits without a leading zero. "-" (one
 * past the end) is the caller's business, since only `add` may use it.
 */
export function parseArrayIndex(token: string): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const index = Number(token);
  return Number.isSafeInteger(index) ? index : undefined;
}
