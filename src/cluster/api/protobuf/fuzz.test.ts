// Property tests: whatever bytes a client sends as protobuf, decoding returns an object or
// throws a MinatoError (a clean 400), never a TypeError, RangeError or a hang; and whatever
// the server holds, encoding returns bytes or throws a MinatoError.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf } from './index.ts';
import { runtimeUnknownType } from './schema.ts';
import { kubectlFixturesFile, type RecordedBody } from '../../../../test/helpers/kubectl-versions.ts';
import { onlyMinatoErrors } from '../../../../test/helpers/only-minato-errors.ts';

const fixtures = JSON.parse(readFileSync(kubectlFixturesFile, 'utf8')) as RecordedBody[];
const bodies = fixtures.map((fixture) => Buffer.from(fixture.body, 'base64'));
const magic = Buffer.from('k8s\0');


const decodes = (body: Uint8Array) => onlyMinatoErrors(() => decodeKubernetesProtobuf(body));

test('random bytes, with and without the magic', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => decodes(bytes)), { numRuns: 2000 });
  fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => decodes(Buffer.concat([magic, bytes]))), { numRuns: 2000 });
});

test('every truncation of every body kubectl sent', () => {
  for (const body of bodies) {
    for (let length = 0; length < body.length; length++) decodes(body.subarray(0, length));
  }
});

test("kubectl's bodies with bytes changed, inserted or removed", () => {
  const mutated = fc
    .record({
      body: fc.constantFrom(...bodies),
      edits: fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), how: fc.constantFrom('set', 'insert', 'delete') }), { minLength: 1, maxLength: 8 }),
    })
    .map(({ body, edits }) => {
      const bytes = [...body];
      for (const { at, byte, how } of edits) {
        const i = at % (bytes.length + 1);
        if (how === 'set' && i < bytes.length) bytes[i] = byte;
        else if (how === 'insert') bytes.splice(i, 0, byte);
        else bytes.splice(i, 1);
      }
      return Uint8Array.from(bytes);
    });
  fc.assert(fc.property(mutated, (body) => decodes(body)), { numRuns: 3000 });
});

test('a well-formed envelope around random bytes, for every kind kubectl creates', () => {
  const kinds = [...new Map(fixtures.map((fixture) => [`${fixture.json['apiVersion']} ${fixture.json['kind']}`, fixture.json])).values()];
  const envelope = fc.record({ kind: fc.constantFrom(...kinds), raw: fc.uint8Array({ maxLength: 400 }) }).map(({ kind, raw }) => {
    const unknown = runtimeUnknownType().encode({ typeMeta: { apiVersion: kind['apiVersion'], kind: kind['kind'] }, raw }).finish();
    return Buffer.concat([magic, unknown]);
  });
  fc.assert(fc.property(envelope, (body) => decodes(body)), { numRuns: 3000 });
});

test('encoding objects with random values in random places', () => {
  const objects = fixtures.map((fixture) => fixture.json);
  const mutated = fc.record({ object: fc.constantFrom(...objects), path: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), value: fc.jsonValue({ maxDepth: 3 }) }).map(({ object, path: steps, value }) => {
    const copy = structuredClone(object) as Record<string, unknown>;
    // Walk down existing keys as far as the path goes, then replace what is there.
    let node: Record<string, unknown> = copy;
    for (const step of steps) {
      const keys = Object.keys(node).filter((key) => key !== 'kind' && key !== 'apiVersion');
      if (keys.length === 0) break;
      const key = keys[step % keys.length]!;
      const child = node[key];
      if (typeof child === 'object' && child !== null && step % 3 !== 0) node = child as Record<string, unknown>;
      else {
        node[key] = value;
        break;
      }
    }
    return copy;
  });
  fc.assert(
    fc.property(mutated, (object) =>
      onlyMinatoErrors(() => {
        const body = encodeKubernetesProtobuf(object);
        // What encodes must decode.
        decodeKubernetesProtobuf(body);
      }),
    ),
    { numRuns: 2000 },
  );
});
