import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfileInstructions } from './instructions.ts';
import {
  formatPlatform,
  platformArgs,
  proxyEnv,
  resolveGlobalArgs,
  resolveStageArgs,
  resolveStageBase,
  unusedBuildArgs,
} from './build-args.ts';
import { resolveCopyFrom, resolveFromBase } from './stage-refs.ts';
import type { ArgInstruction } from './instruction-types.ts';

const amd64 = { os: 'linux', architecture: 'amd64' };
const armv7 = { os: 'linux', architecture: 'arm', variant: 'v7' };

test('predefined platform args, overridable by build args', () => {
  const args = platformArgs({ buildPlatform: amd64, targetPlatform: armv7, targetStage: 'final' });
  assert.deepEqual(Object.fromEntries(args), {
    BUILDPLATFORM: 'linux/amd64',
    BUILDOS: 'linux',
    BUILDOSVERSION: '',
    BUILDARCH: 'amd64',
    BUILDVARIANT: '',
    TARGETPLATFORM: 'linux/arm/v7',
    TARGETOS: 'linux',
    TARGETOSVERSION: '',
    TARGETARCH: 'arm',
    TARGETVARIANT: 'v7',
    TARGETSTAGE: 'final',
  });
  const defaults = platformArgs({ buildPlatform: amd64, buildArgs: new Map([['TARGETARCH', 'riscv64']]) });
  assert.equal(defaults.get('TARGETPLATFORM'), 'linux/amd64');
  assert.equal(defaults.get('TARGETARCH'), 'riscv64');
  assert.equal(defaults.get('TARGETSTAGE'), 'default');
  assert.equal(formatPlatform({ os: 'windows', architecture: 'amd64', osVersion: '10.0.17763' }, true), 'windows(10.0.17763)/amd64');
});

test('global scope: build args win over defaults, defaults see earlier args, undeclared build args stay out', () => {
  const df = parseDockerfileInstructions('ARG REGISTRY=docker.io\nARG IMAGE=${REGISTRY}/library/alpine\nARG TAG\nARG UNSET\nFROM ${IMAGE}:${TAG:-latest}\n');
  const predefined = platformArgs({ buildPlatform: amd64 });
  const none = resolveGlobalArgs(df.metaArgs, new Map(), predefined);
  assert.equal(none.get('IMAGE'), 'docker.io/library/alpine');
  assert.equal(none.has('TAG'), false);
  assert.equal(none.has('UNSET'), false);
  assert.equal(none.get('BUILDARCH'), 'amd64');
  assert.deepEqual(resolveStageBase(df.stages[0]!, none), { image: 'docker.io/library/alpine:latest' });

  const withArgs = resolveGlobalArgs(df.metaArgs, new Map([['REGISTRY', 'r.local'], ['TAG', '3.20'], ['OTHER', 'x']]), predefined);
  assert.equal(withArgs.get('IMAGE'), 'r.local/library/alpine');
  assert.equal(withArgs.has('OTHER'), false);
  assert.deepEqual(resolveStageBase(df.stages[0]!, withArgs), { image: 'r.local/library/alpine:3.20' });
});

test('FROM expansion: platform, blank results, errors name the FROM line', () => {
  const df = parseDockerfileInstructions('ARG V\nFROM --platform=$BUILDPLATFORM golang AS b\nFROM ${V}\nFROM --platform=$NOPE x\nFROM ${V:?set_V}\n');
  const scope = resolveGlobalArgs(df.metaArgs, new Map(), platformArgs({ buildPlatform: amd64 }));
  assert.deepEqual(resolveStageBase(df.stages[0]!, scope), { image: 'golang', platform: 'linux/amd64' });
  assert.throws(() => resolveStageBase(df.stages[1]!, scope), { message: 'Dockerfile:3: base name (${V}) should not be blank' });
  assert.throws(() => resolveStageBase(df.stages[2]!, scope), { message: 'Dockerfile:4: empty platform value from expression $NOPE' });
  assert.throws(() => resolveStageBase(df.stages[3]!, scope), { message: 'Dockerfile:5: failed to process "${V:?set_V}": V: set_V' });
});

test('stage scope: re-declared global args, defaults, build args, order within one ARG', () => {
  const df = parseDockerfileInstructions(
    ['ARG VERSION=1.0', 'ARG GLOBAL_ONLY=g', 'FROM a', 'ARG VERSION', 'ARG LOCAL=v$VERSION A=$LOCAL-x', 'ARG GIVEN=default', 'ARG TARGETARCH', 'ARG NOTHING'].join('\n'),
  );
  const buildArgs = new Map([['GIVEN', '$NOT_EXPANDED']]);
  const global = resolveGlobalArgs(df.metaArgs, buildArgs, platformArgs({ buildPlatform: amd64 }));
  let env = new Map<string, string>([['PATH', '/bin']]);
  const resolved: Record<string, string | undefined> = {};
  for (const inst of df.stages[0]!.instructions) {
    const r = resolveStageArgs(inst as ArgInstruction, { buildArgs, globalArgs: global, env });
    env = r.env;
    for (const a of r.args) resolved[a.key] = a.value;
  }
  assert.deepEqual(resolved, { VERSION: '1.0', LOCAL: 'v1.0', A: 'v1.0-x', GIVEN: '$NOT_EXPANDED', TARGETARCH: 'amd64', NOTHING: undefined });
  assert.equal(env.get('PATH'), '/bin');
  assert.equal(env.has('GLOBAL_ONLY'), false);
  assert.equal(env.has('NOTHING'), false);
});

test('stage ARG default expansion errors name the line', () => {
  const df = parseDockerfileInstructions('FROM a\n\nARG X="${Y:?Y is required}"\n');
  assert.throws(
    () => resolveStageArgs(df.stages[0]!.instructions[0] as ArgInstruction, { buildArgs: new Map(), globalArgs: new Map(), env: new Map() }),
    { message: 'Dockerfile:3: failed to process "\\"${Y:?Y is required}\\"": Y: Y is required' },
  );
});

test('proxy args and unused build args', () => {
  const buildArgs = new Map([
    ['HTTP_PROXY', 'http://p:3128'],
    ['no_proxy', 'localhost'],
    ['USED', '1'],
    ['STRAY', '2'],
    ['TARGETOS', 'linux'],
  ]);
  assert.deepEqual(Object.fromEntries(proxyEnv(buildArgs)), { HTTP_PROXY: 'http://p:3128', no_proxy: 'localhost' });
  const df = parseDockerfileInstructions('FROM a\nARG USED\n');
  assert.deepEqual(unusedBuildArgs(df, buildArgs), ['STRAY']);
});

test('stage references for FROM and COPY --from', () => {
  const df = parseDockerfileInstructions('FROM alpine AS base\nFROM base AS build\nFROM Base\nFROM scratch\n');
  const stages = df.stages;
  assert.deepEqual(resolveFromBase(stages, 1, 'base'), { kind: 'stage', index: 0 });
  assert.deepEqual(resolveFromBase(stages, 2, 'Base'), { kind: 'image', ref: 'Base' });
  assert.deepEqual(resolveFromBase(stages, 3, 'scratch'), { kind: 'scratch' });
  assert.deepEqual(resolveFromBase(stages, 0, 'build'), { kind: 'image', ref: 'build' });
  assert.deepEqual(resolveCopyFrom(stages, 3, 'BUILD'), { kind: 'stage', index: 1 });
  assert.deepEqual(resolveCopyFrom(stages, 3, '0'), { kind: 'stage', index: 0 });
  assert.deepEqual(resolveCopyFrom(stages, 3, 'nginx:latest'), { kind: 'image', ref: 'nginx:latest' });
  assert.throws(() => resolveCopyFrom(stages, 3, '7'), /invalid stage index 7/);
  assert.throws(() => resolveCopyFrom(stages, 1, 'build'), /circular dependency detected on stage: build/);
});
