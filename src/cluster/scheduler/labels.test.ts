import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileLabelSelector, compileNodeSelectorTerms, labelSet, withMatchLabels } from './labels.ts';

const node = (name: string, labels: Record<string, string>) => ({ name, labels: labelSet(labels) });

describe('label selectors', () => {
  it('selects nothing without a selector and everything with an empty one', () => {
    assert.equal(compileLabelSelector(undefined).matches(labelSet({ a: '1' })), false);
    assert.equal(compileLabelSelector({}).matches(labelSet({})), true);
    assert.equal(compileLabelSelector({}).empty, true);
  });

  it('applies matchLabels and every expression operator', () => {
    const selector = compileLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'edge'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    assert.equal(selector.matches(labelSet({ app: 'web', tier: 'front', team: 'a' })), true);
    assert.equal(selector.matches(labelSet({ app: 'web', tier: 'edge', team: 'a', env: 'dev' })), true);
    assert.equal(selector.matches(labelSet({ app: 'db', tier: 'front', team: 'a' })), false);
    assert.equal(selector.matches(labelSet({ app: 'web', tier: 'back', team: 'a' })), false);
    assert.equal(selector.matches(labelSet({ app: 'web', tier: 'front', team: 'a', env: 'prod' })), false);
    assert.equal(selector.matches(labelSet({ app: 'web', tier: 'front' })), false);
    assert.equal(selector.matches(labelSet({ app: 'web', tier: 'front', team: 'a', legacy: 'yes' })), false);
  });

  it('treats a malformed selector as selecting nothing', () => {
    assert.equal(compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }).matches(labelSet({ a: 'x' })), false);
    assert.equal(compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Near' }] }).matches(labelSet({ a: 'x' })), false);
  });

  it('is not fooled by labels named like Object.prototype members', () => {
    assert.equal(compileLabelSelector({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }).matches(labelSet({})), false);
  });

  it('merges matchLabelKeys values into the selector', () => {
    const selector = withMatchLabels({ matchLabels: { app: 'web' } }, new Map([['pod-template-hash', 'abc']]));
    assert.equal(selector.matches(labelSet({ app: 'web', 'pod-template-hash': 'abc' })), true);
    assert.equal(selector.matches(labelSet({ app: 'web', 'pod-template-hash': 'old' })), false);
  });
});

describe('node selector terms', () => {
  it('ORs terms and ANDs requirements within a term', () => {
    const matcher = compileNodeSelectorTerms([
      { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }, { key: 'arch', operator: 'In', values: ['arm64'] }] },
      { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] },
    ]);
    assert.equal(matcher.matches(node('a', { disk: 'ssd', arch: 'arm64' })), true);
    assert.equal(matcher.matches(node('b', { disk: 'ssd', arch: 'amd64' })), false);
    assert.equal(matcher.matches(node('c', { gpu: 'a100' })), true);
  });

  it('compares Gt and Lt as integers, failing on labels that are not', () => {
    const gt = compileNodeSelectorTerms([{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }]);
    assert.equal(gt.matches(node('a', { cores: '16' })), true);
    assert.equal(gt.matches(node('b', { cores: '8' })), false);
    assert.equal(gt.matches(node('c', { cores: 'many' })), false);
    assert.equal(gt.matches(node('d', {})), false);
    const lt = compileNodeSelectorTerms([{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['8'] }] }]);
    assert.equal(lt.matches(node('a', { cores: '4' })), true);
    assert.equal(lt.matches(node('b', { cores: '-1' })), true);
    assert.equal(lt.matches(node('c', { cores: '8' })), false);
  });

  it('treats NotIn and DoesNotExist as satisfied by a missing label', () => {
    assert.equal(compileNodeSelectorTerms([{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }]).matches(node('n', {})), true);
    assert.equal(compileNodeSelectorTerms([{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }]).matches(node('n', {})), true);
  });

  it('matches metadata.name fields', () => {
    const pinned = compileNodeSelectorTerms([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }]);
    assert.equal(pinned.matches(node('n1', {})), true);
    assert.equal(pinned.matches(node('n2', {})), false);
    const excluded = compileNodeSelectorTerms([{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }]);
    assert.equal(excluded.matches(node('n1', {})), false);
    assert.equal(excluded.matches(node('n2', {})), true);
  });

  it('never matches an empty term, no terms, or a malformed term', () => {
    assert.equal(compileNodeSelectorTerms([{}]).matches(node('n', { a: '1' })), false);
    assert.equal(compileNodeSelectorTerms([]).matches(node('n', { a: '1' })), false);
    const malformed = compileNodeSelectorTerms([
      { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['x'] }] },
      { matchExpressions: [{ key: 'a', operator: 'Exists' }] },
    ]);
    assert.equal(malformed.matches(node('n', { a: '1', cores: '9' })), true, 'the valid term still applies');
    assert.equal(compileNodeSelectorTerms([{ matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['x'] }] }]).matches(node('n', {})), false);
  });
});
