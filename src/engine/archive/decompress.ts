// Layers arrive gzip- or zstd-compressed or plain; the media type is not always trustworthy (Docker
// writes plain tars under "+gzip" names), so the compression is sniffed from the first bytes.
import { pipeline, Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { errnoCode, invalidArgument, type MinatoError } from '../../util/errors.ts';

export type LayerCompression = 'gzip' | 'zstd' | 'none';

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const SNIFF_LENGTH = ZSTD_MAGIC.length;

export function detectCompression(head: Buffer): LayerCompression {
  if (head.subarray(0, GZIP_MAGIC.length).equals(GZIP_MAGIC)) return 'gzip';
  if (head.subarray(0, ZSTD_MAGIC.length).equals(ZSTD_MAGIC)) return 'zstd';
  return 'none';
}

/**
 * The uncompressed tar stream of a layer. Errors of the input stream surface on the returned
 * stream; map them with `decompressionError`.
 */
export async function openLayerStream(input: Readable): Promise<{ stream: Readable; compression: LayerCompression }> {
  const head = await readHead(input, SNIFF_LENGTH);
  const compression = detectCompression(head);
  // Put the sniffed bytes back; a stream that already ended (a tiny input) cannot take them.
  let source = input;
  if (input.readableEnded) source = Readable.from(head.length > 0 ? [head] : [], { objectMode: false });
  else if (head.length > 0) input.unshift(head);
  if (compression === 'none') return { stream: source, compression };
  const decompressor = compression === 'gzip' ? zlib.createGunzip() : zlib.createZstdDecompress();
  // pipeline destroys both ends when either fails; the error reaches whoever reads `decompressor`.
  pipeline(source, decompressor, () => {});
  return { stream: decompressor, compression };
}

/**
 * Reads at least `n` bytes (fewer only if the stream ends first), however the input is chunked.
 * Leaves the stream paused so the bytes can be unshifted back.
 */
function readHead(input: Readable, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (err?: unknown) => {
      input.off('readable', onReadable);
      input.off('end', onEnd);
      input.off('error', finish);
      if (err !== undefined) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const onReadable = () => {
      let chunk: Buffer | string | null;
      while (length < n && (chunk = input.read()) !== null) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        chunks.push(bytes);
        length += bytes.length;
      }
      if (length >= n) finish();
    };
    const onEnd = () => finish();
    input.on('readable', onReadable);
    input.on('end', onEnd);
    input.on('error', finish);
  });
}

/** A decompressor's failure as InvalidArgument (the layer is bad); undefined for other errors. */
export function decompressionError(err: unknown, compression: LayerCompression): MinatoError | undefined {
  const code = errnoCode(err);
  if (compression === 'none' || code === undefined || !/^(Z_|ZSTD_)/.test(code)) return undefined;
  return invalidArgument(`layer is not valid ${compression} data: ${err instanceof Error ? err.message : String(err)}`);
}
