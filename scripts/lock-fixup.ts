// After `npm install` changes package-lock.json, run: node scripts/lock-fixup.ts
//
// node-unix-socket lists one optional binary package per platform, and several of them
// (darwin-*, linux-arm*) are not on the registry these machines reach, so npm drops them
// from the lock file and a later `npm ci` refuses the lock as "out of sync". This adds
// them back as platform-restricted optional entries, which `npm ci` skips on Linux x64.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const root = lock.packages['node_modules/node-unix-socket'];
const platforms: Record<string, [string, string]> = {
  'darwin-arm64': ['darwin', 'arm64'],
  'darwin-x64': ['darwin', 'x64'],
  'linux-arm-gnueabihf': ['linux', 'arm'],
  'linux-arm64-gnu': ['linux', 'arm64'],
  'linux-arm64-musl': ['linux', 'arm64'],
};
for (const [suffix, [os, cpu]] of Object.entries(platforms)) {
  const key = `node_modules/node-unix-socket-${suffix}`;
  lock.packages[key] ??= { version: root.version, cpu: [cpu], license: 'MIT', optional: true, os: [os], engines: { node: '>= 10' } };
}
const sorted: Record<string, unknown> = {};
for (const key of Object.keys(lock.packages).sort()) sorted[key] = lock.packages[key];
lock.packages = sorted;
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
