// bench/ship: push and pull of an image with one 100 MB layer of random (incompressible) bytes
// to and from a local registry, Minato side by side with skopeo in one run.
//
// The image: `minato build` of FROM busybox + RUN head -c 100000000 /dev/urandom > /big (Minato
// keeps layers as uncompressed tars: a 2 MB busybox layer and a 100 MB one). skopeo pushes the
// very same image: `minato save` of it, unpacked into an OCI layout directory (no archive to
// extract on every run), copied with --preserve-digests, so the same manifest and the same
// blobs go over the wire as Minato sends. Without it skopeo gzips every layer on the way (its
// default, shown as an extra row: compressing random data gains nothing).
//
// The registry: Debian's docker-registry (test/helpers/test-registry.ts) in the test daemon's
// network namespace at 127.0.0.1:PORT. A registry keeps blobs globally and mounts them across
// repositories, and both clients HEAD each blob first and skip what is there: so that every
// push really uploads every byte, each push of each round goes to a registry instance of its
// own, started on a fresh, empty storage directory (and removed after the round); starting it
// is not timed. Pulls then read from the registry Minato pushed to that round.
//
// A Minato pull fetches what the content store lacks: before each one, `minato rmi -f` of the
// image (all its tags) and a check that the 100 MB layer's blob is gone from the content store;
// busybox (the base image) stays, so its 2 MB layer is not fetched again. skopeo pulls into an
// OCI layout directory made fresh for each run (with --preserve-digests: no recompression)
// holding the busybox layer blob already — the same work on both sides. Neither unpacks layers
// (Minato does that at first run).
//
// skopeo runs inside the daemon's network namespace (to reach 127.0.0.1:PORT), in a private
// mount namespace where /var/lib/containers/cache (its blob-info cache, which would otherwise
// remember the blobs' locations across runs and make it try mounts) is an empty tmpfs; that
// wrapper's own cost is measured and printed. Contenders alternate (their order flips every
// round) after a warm-up round; medians of BENCH_ROUNDS rounds (default 7). The machine is
// shared and noisy: compare the ratios within one run. Everything is removed at the end.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, copyFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { minatoBin, TestDaemon } from '../test/helpers/test-daemon.ts';
import { TestRegistry } from '../test/helpers/test-registry.ts';
import { cleanUpOnInterrupt, median, PrivateState, run, which } from './bench-helpers.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const prefix = 'minatobench-ship';
const bigBytes = 100_000_000;

interface Descriptor {
  digest: string;
  size: number;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return `sha256:${hash.digest('hex')}`;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench/ship needs root');
  if (!which('skopeo')) throw new Error('skopeo not found (Debian package skopeo)');
  cleanUpOnInterrupt();
  const daemon = new TestDaemon();
  const registries: TestRegistry[] = [];
  const skopeoState = new PrivateState({ netns: daemon.netns, dirs: ['/var/lib/containers/cache'], tag: prefix });
  try {
    await daemon.start();
    await daemon.importBusybox();
    skopeoState.setUp();
    const work = path.join(daemon.dir, prefix);
    const context = path.join(work, 'context');
    mkdirSync(context, { recursive: true });
    mkdirSync(path.join(work, 'tmp'));
    writeFileSync(path.join(context, 'Dockerfile'), `FROM busybox\nRUN head -c ${bigBytes} /dev/urandom > /big\n`);
    const minatoEnv = { ...process.env, MINATO_HOST: daemon.host };
    const skopeoEnv = { ...process.env, TMPDIR: path.join(work, 'tmp') };
    const minato = (args: string[]) => run(minatoBin, args, minatoEnv);
    const skopeo = (args: string[]) => skopeoState.run('skopeo', args, skopeoEnv);

    // The image, and the same image as an OCI layout for skopeo.
    const imageId = (await minato(['build', '-q', '-t', `${prefix}-big`, context])).stdout.trim();
    const layout = path.join(work, 'layout');
    mkdirSync(layout);
    await minato(['save', '-o', path.join(work, 'big.tar'), `${prefix}-big`]);
    await run('tar', ['-xf', path.join(work, 'big.tar'), '-C', layout]);
    rmSync(path.join(work, 'big.tar'));
    const blobPath = (root: string, digest: string) => path.join(root, 'blobs', 'sha256', digest.slice('sha256:'.length));
    const index = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
    const manifest = JSON.parse(readFileSync(blobPath(layout, index.manifests[0]!.digest), 'utf8')) as { layers: Descriptor[] };
    const layers = [...manifest.layers].sort((a, b) => a.size - b.size);
    const base = layers[0]!;
    const big = layers.at(-1)!;
    if (layers.length !== 2 || big.size < bigBytes) throw new Error(`unexpected layers: ${JSON.stringify(manifest.layers)}`);
    const contentStore = path.join(daemon.dataRoot, 'content');
    if (!existsSync(blobPath(contentStore, big.digest))) throw new Error(`the layer is not at ${blobPath(contentStore, big.digest)}: has the content store moved?`);

    const startRegistry = async (name: string) => {
      const registry = new TestRegistry(daemon, name, { kind: 'none' });
      registries.push(registry);
      await registry.start();
      return registry;
    };
    const dropRegistries = async () => {
      for (const registry of registries.splice(0)) {
        await registry.stop();
        rmSync(registry.dir, { recursive: true, force: true });
      }
    };

    const samples = { minatoPush: [] as number[], skopeoPush: [] as number[], skopeoGzipPush: [] as number[], minatoPull: [] as number[], skopeoPull: [] as number[] };
    for (let round = -1; round < rounds; round++) {
      const name = `r${round + 1}`;
      const [forMinato, forSkopeo, forSkopeoGzip] = [await startRegistry(`${prefix}-${name}-minato`), await startRegistry(`${prefix}-${name}-skopeo`), await startRegistry(`${prefix}-${name}-skopeo-gzip`)];
      const reference = `${forMinato.host}/minatobench/big:${name}`;
      const pushes = [
        async () => {
          await minato(['tag', imageId, reference]);
          return ['minatoPush', (await minato(['push', '-q', reference])).ms] as const;
        },
        async () => ['skopeoPush', (await skopeo(['copy', '-q', '--preserve-digests', '--dest-tls-verify=false', `oci:${layout}:latest`, `docker://${forSkopeo.host}/minatobench/big:${name}`])).ms] as const,
        async () => ['skopeoGzipPush', (await skopeo(['copy', '-q', '--dest-tls-verify=false', `oci:${layout}:latest`, `docker://${forSkopeoGzip.host}/minatobench/big:${name}`])).ms] as const,
      ];
      const pulls = [
        async () => {
          await minato(['rmi', '-f', imageId]);
          if (existsSync(blobPath(contentStore, big.digest))) throw new Error('the layer blob is still in the content store after rmi: the pull would not fetch it');
          const ms = (await minato(['pull', '-q', reference])).ms;
          if (statSync(blobPath(contentStore, big.digest)).size !== big.size) throw new Error('minato pull: the layer blob has the wrong size');
          return ['minatoPull', ms] as const;
        },
        async () => {
          // A fresh OCI layout holding the base layer already, as Minato's content store does.
          const target = path.join(work, `pulled-${name}`);
          mkdirSync(path.dirname(blobPath(target, base.digest)), { recursive: true });
          writeFileSync(path.join(target, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
          copyFileSync(blobPath(layout, base.digest), blobPath(target, base.digest));
          const ms = (await skopeo(['copy', '-q', '--preserve-digests', '--src-tls-verify=false', `docker://${reference}`, `oci:${target}:latest`])).ms;
          if (statSync(blobPath(target, big.digest)).size !== big.size) throw new Error('skopeo copy: the layer blob has the wrong size');
          rmSync(target, { recursive: true });
          return ['skopeoPull', ms] as const;
        },
      ];
      for (const phase of [pushes, pulls]) {
        for (const step of round % 2 ? phase.toReversed() : phase) {
          const [key, ms] = await step();
          if (round >= 0) samples[key].push(ms);
        }
      }
      await dropRegistries();
    }

    // What Minato pulled is what was built: the layer hashes to its digest.
    if ((await sha256File(blobPath(contentStore, big.digest))) !== big.digest) throw new Error('the pulled layer does not hash to its digest');

    const wrapper = [] as number[];
    for (let i = 0; i < 5; i++) wrapper.push((await skopeoState.run('true', [])).ms);

    // Pushes send both layers; pulls fetch the big one (the base layer is there already).
    const mbps = (bytes: number, ms: number) => `(${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s)`.padStart(12);
    const row = (label: string, push: number, pull?: number) =>
      `  ${label.padEnd(58)} ${push.toFixed(0).padStart(6)} ms ${mbps(big.size + base.size, push)}   ${pull === undefined ? '' : `${pull.toFixed(0).padStart(6)} ms ${mbps(big.size, pull)}`}`.trimEnd();
    const m = { push: median(samples.minatoPush), pull: median(samples.minatoPull) };
    const s = { push: median(samples.skopeoPush), pull: median(samples.skopeoPull) };
    const lines = [
      `Push and pull of an image with a ${(big.size / 1e6).toFixed(0)} MB random layer (+ busybox's ${(base.size / 1e6).toFixed(1)} MB) to a local docker-registry — median of ${rounds} alternating rounds`,
      '',
      `  ${''.padEnd(58)} ${'push'.padStart(9)} ${''.padStart(12)}   ${'pull'.padStart(9)}`,
      row('minato push / pull', m.push, m.pull),
      row('skopeo copy --preserve-digests (the same blobs)', s.push, s.pull),
      `  ${'minato ÷ skopeo (goal ≤ 1.2×)'.padEnd(58)} ${(m.push / s.push).toFixed(2).padStart(8)}×${''.padStart(13)}   ${(m.pull / s.pull).toFixed(2).padStart(8)}×`,
      row('skopeo copy, its default (gzips each layer on the way)', median(samples.skopeoGzipPush)),
      '',
      `  skopeo's figures include ${median(wrapper).toFixed(0)} ms for the namespaces it runs in (nsenter, unshare, a tmpfs mount).`,
      '  (reference figure for this machine: skopeo push of a 100 MiB layer ≈ 1300 ms)',
    ];
    console.log(lines.join('\n'));
  } finally {
    for (const registry of registries) await registry.stop().catch(() => undefined);
    skopeoState.tearDown();
    await daemon.cleanup();
  }
}

await main();
