// Sizes and encodings of ConfigMap and Secret data. Secret data and ConfigMap binaryData travel
// as base64 in JSON; Kubernetes counts the decoded bytes against its 1 MiB limit.

export const maxDataSizeBytes = 1024 * 1024;

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(value: unknown): value is string {
  return typeof value === 'string' && base64Pattern.test(value);
}

/** Decoded length of standard base64 (valid input assumed). */
export function decodedLength(value: string): number {
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  return (value.length / 4) * 3 - padding;
}

/** The message Go's base64 decoder gives for the first bad character, as Kubernetes returns it. */
export function base64Error(value: string): string {
  let index = value.search(/[^A-Za-z0-9+/=]/);
  if (index < 0) {
    const firstPad = value.indexOf('=');
    index = firstPad >= 0 && firstPad < value.length - 2 ? firstPad : value.length - (value.length % 4);
  }
  return `illegal base64 data at input byte ${index}`;
}
