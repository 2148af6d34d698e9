import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resourceFor } from '../api/registry.ts';
import { descriptorOf } from './resource.ts';
import { resources } from './resources.ts';

test("every typed descriptor agrees with the API server's registry", () => {
  for (const [name, descriptor] of Object.entries(resources)) {
    const type = resourceFor(descriptor.group, descriptor.version, descriptor.plural);
    assert.ok(type, `${name}: the registry serves ${descriptor.plural} in "${descriptor.group}/${descriptor.version}"`);
    assert.deepEqual(descriptorOf(type), { ...descriptor }, name);
  }
});
