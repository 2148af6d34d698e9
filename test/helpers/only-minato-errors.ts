// For property and fuzz tests: hostile input may be refused, but only with a MinatoError (a
// message that says what was wrong), and never slowly — a case taking seconds is a hang.
import assert from 'node:assert/strict';
import { isMinatoError } from '../../src/util/errors.ts';

/** Time allowed for one generated case; generous for slow CI machines, tiny next to a real hang. */
export const perCaseMs = 2000;

export function onlyMinatoErrors(fn: () => unknown): void {
  const started = performance.now();
  try {
    fn();
  } catch (err) {
    if (!isMinatoError(err)) throw err;
    assert.ok(err.message.length > 0);
  }
  const took = performance.now() - started;
  assert.ok(took < perCaseMs, `one case took ${Math.round(took)}ms`);
}
