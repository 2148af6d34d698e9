// Keys as both backends understand them. Key order is the order of the keys' UTF-8 bytes: etcd
// compares bytes, SQLite compares TEXT with memcmp on UTF-8. That differs from JavaScript's `<`
// (UTF-16 code units) for characters beyond U+FFFF, so code that sorts keys uses compareKeys.
import { invalidArgument } from '../../util/errors.ts';

/**
 * A key is a non-empty, well-formed string without NUL. NUL is excluded because "the smallest key
 * after k" is k + "\0" (how etcd pagination continues) and SQLite's text functions stop at NUL;
 * a lone surrogate has no UTF-8 form, so it would silently turn into U+FFFD.
 */
export function validateKey(key: string): void {
  if (key.length === 0) throw invalidArgument('a storage key must not be empty');
  if (key.includes('\0')) throw invalidArgument(`storage key ${JSON.stringify(key)} contains NUL`);
  if (!key.isWellFormed()) throw invalidArgument(`storage key ${JSON.stringify(key)} contains a lone surrogate`);
}

/** Orders keys as the stores do: by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The smallest string greater than every string that starts with `prefix` (exclusive upper bound
 * of a prefix range), or undefined when there is none (the empty prefix). It works on code
 * points, which UTF-8 orders the same way as its bytes, so it is a valid bound for SQLite TEXT.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // Skip the surrogate block: those code points have no UTF-8 form.
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/** The byte-level equivalent (etcd's range_end for a prefix): "\0" means "no upper bound". */
export function prefixRangeEnd(prefix: Uint8Array): Uint8Array {
  const end = Uint8Array.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]! += 1;
      return end.subarray(0, i + 1);
    }
  }
  return new Uint8Array([0]);
}
