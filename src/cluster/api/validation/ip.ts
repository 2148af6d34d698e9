// IP address checks with Kubernetes' message (validation.IsValidIP).
import { isIP } from 'node:net';
import type { FieldError } from '../field-error.ts';
import { invalid } from './errors.ts';

export function isValidIP(value: string): boolean {
  return isIP(value) !== 0;
}

export function validateIP(value: string, path: string): FieldError[] {
  return isValidIP(value) ? [] : [invalid(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}
