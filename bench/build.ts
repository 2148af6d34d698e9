// bench/build: a cold build (no cache) and a fully cached rebuild of a small Dockerfile —
//   FROM busybox / COPY a small file / RUN a shell command writing a file / ENV —
// side by side in one run:
//   - `minato build` against a Minato daemon (a TestDaemon in its own network namespace);
//   - the real docker CLI (`DOCKER_BUILDKIT=0 docker build`, the classic builder's API)
//     against the same Minato daemon;
//   - `buildah bud` (the reference), with its own storage (--root/--runroot, overlay driver)
//     under the bench's directory and the same busybox image (`minato save` → docker-archive →
//     `buildah pull`): with `--isolation oci` (RUN in a runtime container on a bridge network,
//     as Minato and Docker do it; buildah's default as root) and with `--isolation chroot`
//     (no container, no network of its own: the floor of what a RUN step costs);
//   - `docker build` on a real dockerd, when one runs on the machine (with a busybox image of
//     its own; the images the bench builds there are removed at the end).
// "Cold" is `--no-cache` with the base image present (buildah: `--layers --no-cache`: every
// step committed as a layer, as the classic docker builder does); "cached" is the same build
// again with the cache (buildah: `--layers`), every step a cache hit (checked once first).
// Contenders alternate (A/B/C…, one cold and one cached build each per round) after a warm-up
// round; medians of BENCH_ROUNDS rounds (default 7). The machine is shared and noisy: compare
// the ratios within one run, not absolute figures across runs.
//
// buildah runs inside a network namespace of the bench's own (netavark puts its podman0 bridge
// and iptables rules there, and turns on ip_forward there, not on the host) and in a private
// mount namespace where the directories it writes to outside its --root (/etc/cni/net.d,
// /etc/containers/networks, /run/containers, /run/crun, /var/lib/containers/cache) are empty
// tmpfs, so nothing of it stays on the machine. Everything is removed at the end, pass or fail.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { minatoBin, TestDaemon } from '../test/helpers/test-daemon.ts';
import { cleanUpOnInterrupt, median, must, type Output, PrivateState, run, which } from './bench-helpers.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const prefix = 'minatobench-build';

const dockerfile = [
  'FROM busybox',
  'COPY hello.txt /hello.txt',
  'RUN echo built > /built.txt && cat /hello.txt >> /built.txt',
  'ENV GREETING=hello',
  '',
].join('\n');

/**
 * Directories buildah (netavark, crun, containers/image) writes to outside its --root, seen
 * here: lock files in the network configuration directories (made even by `buildah pull`),
 * netavark's IPAM database, crun's state, the blob-info cache.
 */
const hostStateDirs = ['/etc/cni/net.d', '/etc/containers/networks', '/run/containers', '/run/crun', '/var/lib/containers/cache'];

/** buildah with its own storage, in its own network namespace, host state kept private. */
class Buildah {
  readonly dir: string;
  private readonly base: string[];
  private readonly env: NodeJS.ProcessEnv;
  private readonly state: PrivateState;
  private netnsCreated = false;

  constructor(daemonNetns: string, dir: string) {
    this.dir = dir;
    for (const sub of ['root', 'runroot', 'network', 'tmp']) mkdirSync(path.join(dir, sub), { recursive: true });
    this.base = ['--root', path.join(dir, 'root'), '--runroot', path.join(dir, 'runroot'), '--storage-driver', 'overlay'];
    this.env = { ...process.env, TMPDIR: path.join(dir, 'tmp') };
    this.state = new PrivateState({ netns: `${daemonNetns}-buildah`, dirs: hostStateDirs, tag: prefix });
  }

  setUp(): void {
    must('ip', ['netns', 'add', this.state.netns]);
    this.netnsCreated = true;
    must('ip', ['-n', this.state.netns, 'link', 'set', 'lo', 'up']);
    this.state.setUp();
  }

  run(args: string[]): Promise<Output> {
    return this.state.run('buildah', [...this.base, ...args], this.env);
  }

  budArgs(isolation: 'oci' | 'chroot'): string[] {
    return ['bud', '--isolation', isolation, '--cni-config-dir', path.join(this.dir, 'network')];
  }

  tearDown(): void {
    if (this.netnsCreated) {
      // Containers a failed bud left behind (their mounts went with the mount namespace).
      spawnSync('nsenter', this.state.args('buildah', [...this.base, 'rm', '--all']), { stdio: 'ignore', env: this.env });
      spawnSync('ip', ['netns', 'delete', this.state.netns]);
    }
    this.state.tearDown();
  }
}

/** A dockerd on the machine, if one answers and has a busybox image. */
function realDocker(): NodeJS.ProcessEnv | undefined {
  if (!which('docker')) return undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_BUILDKIT: '0' };
  delete env.DOCKER_HOST;
  if (spawnSync('docker', ['info'], { env, stdio: 'ignore', timeout: 5000 }).status !== 0) return undefined;
  if (spawnSync('docker', ['image', 'inspect', 'busybox'], { env, stdio: 'ignore' }).status !== 0) return undefined;
  return env;
}

interface Contender {
  name: string;
  /** One build: without the cache (cold) or with it; quiet prints only the image ID. */
  build: (options: { cache: boolean; quiet?: boolean }) => Promise<Output>;
  reference?: boolean;
}

/** Flags shared by docker build, minato build and buildah bud. */
function buildFlags(options: { cache: boolean; quiet?: boolean }, tag: string): string[] {
  return [...(options.cache ? [] : ['--no-cache']), ...(options.quiet === false ? [] : ['-q']), '-t', tag];
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench/build needs root');
  if (!which('buildah')) throw new Error('buildah not found (Debian package buildah)');
  cleanUpOnInterrupt();
  const daemon = new TestDaemon();
  let buildah: Buildah | undefined;
  const contenders: Contender[] = [];
  const cleanups: (() => void)[] = [];
  const notes: { name: string; note: string }[] = [];
  try {
    await daemon.start();
    await daemon.importBusybox();
    const work = path.join(daemon.dir, prefix);
    const context = path.join(work, 'context');
    mkdirSync(context, { recursive: true });
    writeFileSync(path.join(context, 'hello.txt'), 'hello from the build context\n');
    writeFileSync(path.join(context, 'Dockerfile'), dockerfile);

    const minatoEnv = { ...process.env, MINATO_HOST: daemon.host };
    contenders.push({
      name: 'minato build → Minato daemon',
      build: (options) => run(minatoBin, ['build', ...buildFlags(options, `${prefix}-minato`), context], minatoEnv),
    });
    const dockerCli = which('docker');
    if (dockerCli) {
      const dockerEnv = { ...process.env, DOCKER_HOST: daemon.host, DOCKER_BUILDKIT: '0' };
      contenders.push({
        name: 'docker build (classic) → Minato daemon',
        build: (options) => run(dockerCli, ['build', ...buildFlags(options, `${prefix}-docker`), context], dockerEnv),
      });
    } else notes.push({ name: 'docker build (classic) → Minato daemon', note: 'not available (no docker CLI)' });

    // buildah: its own storage, the same busybox image.
    const archive = path.join(work, 'busybox.tar');
    await daemon.ok(['save', '-o', archive, 'busybox']);
    buildah = new Buildah(daemon.netns, path.join(work, 'buildah'));
    buildah.setUp();
    await buildah.run(['pull', '-q', `docker-archive:${archive}`]);
    for (const isolation of ['oci', 'chroot'] as const) {
      const bud = buildah.budArgs(isolation);
      const tag = `${prefix}-buildah-${isolation}`;
      contenders.push({
        name: `buildah bud --isolation ${isolation}`,
        reference: isolation === 'oci',
        build: (options) => buildah!.run([...bud, '--layers', ...buildFlags(options, tag), context]),
      });
    }

    const dockerd = realDocker();
    if (dockerd) {
      // Every image it builds is removed at the end (each cold build makes a new one).
      const built = new Set<string>();
      contenders.push({
        name: 'docker build (classic) → dockerd',
        build: async (options) => {
          const output = await run('docker', ['build', ...buildFlags(options, `${prefix}-dockerd`), context], dockerd);
          const id = options.quiet === false ? /Successfully built ([0-9a-f]+)/.exec(output.stdout)?.[1] : output.stdout.trim();
          if (id) built.add(id);
          return output;
        },
      });
      cleanups.push(() => {
        if (built.size > 0) spawnSync('docker', ['rmi', '-f', ...built], { env: dockerd, stdio: 'ignore' });
      });
    } else notes.push({ name: 'docker build (classic) → dockerd', note: 'not available (no dockerd running here with a busybox image)' });

    // Warm-up round, not counted. Its cached builds print their steps, which must all be cache
    // hits: "CACHED" (Minato's builder), "Using cache" (buildah, dockerd).
    for (const contender of contenders) {
      await contender.build({ cache: false });
      const { stdout, stderr } = await contender.build({ cache: true, quiet: false });
      const hits = `${stdout}${stderr}`.match(/CACHED|Using cache/g)?.length ?? 0;
      if (hits < 3) throw new Error(`${contender.name}: the cached build hit the cache ${hits} times, want 3:\n${stdout}${stderr}`);
    }

    const samples = new Map(contenders.map((c) => [c.name, { cold: [] as number[], cached: [] as number[] }]));
    for (let round = 0; round < rounds; round++) {
      for (const contender of contenders) {
        const sample = samples.get(contender.name)!;
        sample.cold.push((await contender.build({ cache: false })).ms);
        sample.cached.push((await contender.build({ cache: true })).ms);
      }
    }

    // The images are right: the RUN step saw the COPYed file.
    const built = await daemon.ok(['run', '--rm', `${prefix}-minato`, 'cat', '/built.txt']);
    if (built !== 'built\nhello from the build context') throw new Error(`the built image has an unexpected /built.txt: ${JSON.stringify(built)}`);
    const history = (await buildah.run(['inspect', '--format', '{{len .OCIv1.History}}', `${prefix}-buildah-oci`])).stdout.trim();
    if (Number(history) < 4) throw new Error(`buildah's image has ${history} history entries, want the base's plus 3`);

    const reference = contenders.find((c) => c.reference)!;
    const ref = samples.get(reference.name)!;
    const refCold = median(ref.cold);
    const refCached = median(ref.cached);
    const width = Math.max(...[...contenders, ...notes].map((c) => c.name.length));
    const lines = [
      `Build of FROM busybox + COPY + RUN + ENV — median of ${rounds} alternating rounds (ms); ratio to buildah bud --isolation oci`,
      '',
      `  ${'contender'.padEnd(width)}   ${'cold'.padStart(9)}   ${'cached'.padStart(9)}   ${'cold ×'.padStart(7)}   ${'cached ×'.padStart(8)}`,
    ];
    for (const contender of contenders) {
      const sample = samples.get(contender.name)!;
      const cold = median(sample.cold);
      const cached = median(sample.cached);
      lines.push(`  ${contender.name.padEnd(width)}   ${cold.toFixed(0).padStart(6)} ms   ${cached.toFixed(0).padStart(6)} ms   ${(cold / refCold).toFixed(2).padStart(6)}×   ${(cached / refCached).toFixed(2).padStart(7)}×`);
    }
    for (const note of notes) lines.push(`  ${note.name.padEnd(width)}   ${note.note}`);
    lines.push('', '  (reference figures for this machine: classic docker build on dockerd ≈ 1750 ms cold / 100 ms cached)');
    console.log(lines.join('\n'));
  } finally {
    for (const cleanup of cleanups) cleanup();
    buildah?.tearDown();
    await daemon.cleanup();
  }
}

await main();
