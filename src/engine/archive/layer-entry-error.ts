// Every refusal of a layer names the entry it is about, so a user can find it in the archive.
import { errnoCode, internal, invalidArgument, isMinatoError, messageOf, type MinatoError } from '../../util/errors.ts';
import { textOf } from './byte-string.ts';

/** `layer entry "<name>": <reason>` as an InvalidArgument error. `name` is a byte string. */
export function layerEntryError(name: string, reason: string): MinatoError {
  const entry = textOf(name);
  return invalidArgument(`layer entry ${JSON.stringify(entry)}: ${reason}`, { entry });
}

/** A byte string quoted for a message. */
export function quoted(byteString: string): string {
  return JSON.stringify(textOf(byteString));
}

/**
 * An unexpected failure while writing an entry, with the entry's name added. A name the
 * filesystem rejects is the layer's fault; anything else (a full disk, say) is the system's.
 */
export function entryFailure(name: string, err: unknown): MinatoError {
  if (isMinatoError(err)) return err;
  const code = errnoCode(err);
  if (code === 'ENAMETOOLONG' || code === 'EILSEQ') return layerEntryError(name, messageOf(err));
  return internal(`layer entry ${JSON.stringify(textOf(name))}: ${messageOf(err)}`, err);
}
