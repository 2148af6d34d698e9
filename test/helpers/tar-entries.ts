// The entries of a tar (from memory or a stream), name → content, for tests to look into what
// was sent or stored. Directory names end in "/".
import { extract } from 'tar-stream';

export async function tarEntries(input: Buffer | AsyncIterable<unknown>): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  const tar = extract();
  const done = new Promise<void>((resolve, reject) => {
    tar.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      body.on('end', () => {
        found.set(header.type === 'directory' ? `${header.name.replace(/\/$/, '')}/` : header.name, Buffer.concat(chunks));
        next();
      });
    });
    tar.on('finish', resolve);
    tar.on('error', reject);
  });
  if (Buffer.isBuffer(input)) tar.end(input);
  else {
    for await (const chunk of input) tar.write(chunk as Buffer);
    tar.end(Buffer.alloc(0));
  }
  await done;
  return found;
}
