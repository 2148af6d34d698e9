// Secrets encrypted at rest, as Kubernetes' `aesgcm` provider does it: the stored value is
// `k8s:enc:aesgcm:v1:<key name>:` + a 12-byte random nonce + AES-256-GCM ciphertext and tag,
// with the storage key as additional authenticated data (a value copied under another key does
// not decrypt). The key lives in a file of the data dir (created on first start, mode 0600).
// Values without the prefix (written before encryption was on) are read as they are.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { internal } from '../../util/errors.ts';

const nonceBytes = 12;
const tagBytes = 16;

export interface ValueTransformer {
  /** Bytes as stored for `key`. */
  toStorage(key: string, plain: Uint8Array): Uint8Array;
  /** Bytes as the API serves them. */
  fromStorage(key: string, stored: Uint8Array): Uint8Array;
}

export class AesGcmTransformer implements ValueTransformer {
  private readonly key: Buffer;
  private readonly prefix: Buffer;

  constructor(key: Buffer, keyName = 'key1') {
    if (key.length !== 32) throw internal(`the encryption key must be 32 bytes, not ${key.length}`);
    this.key = key;
    this.prefix = Buffer.from(`k8s:enc:aesgcm:v1:${keyName}:`);
  }

  toStorage(key: string, plain: Uint8Array): Uint8Array {
    const nonce = randomBytes(nonceBytes);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(key));
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([this.prefix, nonce, sealed, cipher.getAuthTag()]);
  }

  fromStorage(key: string, stored: Uint8Array): Uint8Array {
    const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    if (!bytes.subarray(0, this.prefix.length).equals(this.prefix)) {
      if (bytes.subarray(0, 8).toString() === 'k8s:enc:') throw internal(`${key}: encrypted with a key this server does not have`);
      return stored;
    }
    const body = bytes.subarray(this.prefix.length);
    if (body.length < nonceBytes + tagBytes) throw internal(`${key}: the encrypted value is truncated`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, body.subarray(0, nonceBytes));
    decipher.setAAD(Buffer.from(key));
    decipher.setAuthTag(body.subarray(body.length - tagBytes));
    try {
      return Buffer.concat([decipher.update(body.subarray(nonceBytes, body.length - tagBytes)), decipher.final()]);
    } catch {
      throw internal(`${key}: the encrypted value does not authenticate (tampered with, or moved from another key)`);
    }
  }
}

/** Reads the data dir's encryption key, creating it on first start. */
export async function loadEncryptionKey(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, 'cred', 'encryption-key');
  try {
    const key = Buffer.from((await fsp.readFile(file, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw internal(`${file}: want a base64-encoded 32-byte key`);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  await fsp.writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return Buffer.from((await fsp.readFile(file, 'utf8')).trim(), 'base64');
}
