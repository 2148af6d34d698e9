// Paths inside a layer are bytes, not text: a tar entry or a file in an upper dir may be named with
// any bytes but NUL and "/". This module carries them as "byte strings": JS strings holding one
// char per byte (latin1), so ordinary string operations ("/" splitting, comparison, Map keys) work
// bytewise, and nothing is lost for names that are not valid UTF-8.

/** A byte string for a path the rest of the program holds as ordinary (UTF-8) text. */
export function byteStringOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** The bytes of a byte string, e.g. to pass a path to node:fs (which accepts Buffer paths). */
export function bytesOf(byteString: string): Buffer {
  return Buffer.from(byteString, 'latin1');
}

/** A byte string from raw bytes. */
export function byteStringFrom(bytes: Buffer): string {
  return bytes.toString('latin1');
}

/** A byte string as UTF-8 text, for messages. */
export function textOf(byteString: string): string {
  return Buffer.from(byteString, 'latin1').toString('utf8');
}
