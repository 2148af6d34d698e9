// Isolation by default, proven from inside real containers: namespaces, cgroup limits (memory
// OOM kill, pids), Docker's capability set, the gated seccomp profile, masked /proc paths,
// no-new-privileges — with crun, and with runc as the alternative runtime.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readlinkSync } from 'node:fs';
import * as path from 'node:path';
import { isRoot, TestDaemon } from '../../../test/helpers/test-daemon.ts';
import { detectCgroupMode } from './cgroup-setup.ts';

const skip = isRoot() ? false : 'needs root: runs real containers';

describe('container isolation', { skip, timeout: 300_000 }, () => {
  const daemon = new TestDaemon();

  before(async () => {
    await daemon.start();
    await daemon.importBusybox();
  });
  after(() => daemon.cleanup());

  const sh = (script: string, flags: string[] = []) => daemon.minato(['run', '--rm', ...flags, 'busybox', 'sh', '-c', script]);

  test('the host\'s processes are invisible: the container\'s command is PID 1', async () => {
    const result = await sh('echo $$; ls /proc | grep -c "^[0-9]"');
    assert.equal(result.code, 0);
    const [pid, count] = result.stdout.trim().split('\n').map(Number);
    assert.equal(pid, 1);
    assert.ok(count! <= 4, `the container sees ${count} processes`);
    const hostPidNs = readlinkSync('/proc/self/ns/pid');
    const inside = await sh('readlink /proc/1/ns/pid; readlink /proc/1/ns/net; readlink /proc/1/ns/ipc; readlink /proc/1/ns/uts; readlink /proc/1/ns/mnt');
    const [pidNs, netNs, ipcNs, utsNs, mntNs] = inside.stdout.trim().split('\n');
    assert.notEqual(pidNs, hostPidNs);
    assert.notEqual(netNs, readlinkSync('/proc/self/ns/net'));
    assert.notEqual(ipcNs, readlinkSync('/proc/self/ns/ipc'));
    assert.notEqual(utsNs, readlinkSync('/proc/self/ns/uts'));
    assert.notEqual(mntNs, readlinkSync('/proc/self/ns/mnt'));
  });

  test('a network namespace of its own (loopback and its bridge interface); --network host shares the daemon\'s', async () => {
    const links = await sh('ls /sys/class/net | tr "\\n" " "');
    assert.equal(links.stdout.trim(), 'eth0 lo');
    assert.equal((await sh('ls /sys/class/net', ['--network', 'none'])).stdout.trim(), 'lo');
    const host = await daemon.minato(['run', '--rm', '--network', 'host', 'busybox', 'readlink', '/proc/self/ns/net']);
    // The test daemon runs in a network namespace of the test's own; "host" is that one.
    assert.equal(host.stdout.trim(), (await daemon.inNetns('readlink', ['/proc/self/ns/net'])).stdout.trim());
  });

  test('Docker\'s default capabilities; --cap-drop and --cap-add change them', async () => {
    const capEff = async (flags: string[] = []) => (await sh('grep CapEff /proc/self/status', flags)).stdout.trim().split(/\s+/)[1];
    assert.equal(await capEff(), '00000000a80425fb');
    assert.equal(await capEff(['--cap-drop', 'ALL']), '0000000000000000');
    assert.equal(await capEff(['--cap-drop', 'ALL', '--cap-add', 'NET_ADMIN']), '0000000000001000');
    assert.equal(await capEff(['-u', 'www']), '0000000000000000', 'a non-root user gets no effective capabilities');
  });

  test('mount and unshare are denied; seccomp filter and no-new-privileges are on', async () => {
    const mount = await sh('mount -t tmpfs none /mnt');
    assert.notEqual(mount.code, 0);
    assert.match(mount.stderr, /Operation not permitted|Function not implemented|Permission denied/);
    const unshare = await sh('unshare -U true');
    assert.notEqual(unshare.code, 0);
    assert.match(unshare.stderr, /Function not implemented|Operation not permitted/);
    const unshareMount = await sh('unshare -m true');
    assert.notEqual(unshareMount.code, 0);
    const status = (await sh('grep -E "^(Seccomp|NoNewPrivs):" /proc/self/status')).stdout;
    assert.match(status, /NoNewPrivs:\s+1/);
    assert.match(status, /Seccomp:\s+2/);
    // The profile still lets ordinary programs work: chroot is allowed by Docker's profile.
    assert.equal((await sh('chroot / true && echo chroot-ok')).stdout.trim(), 'chroot-ok');
  });

  test('/proc is masked and read-only where Docker masks it', async () => {
    // The host shows these (/proc/interrupts has a line per CPU); the container reads nothing.
    assert.ok(readFileSync('/proc/interrupts', 'utf8').length > 0);
    assert.equal((await sh('wc -c < /proc/interrupts; ls /sys/firmware | wc -l')).stdout.trim(), '0\n0');
    assert.match((await sh('grep " /proc/sys " /proc/mounts')).stdout, /\bro\b/);
    const write = await sh('echo 1 > /proc/sys/kernel/panic');
    assert.notEqual(write.code, 0);
    assert.match((await sh('grep " /sys " /proc/mounts')).stdout, /\bro\b/);
  });

  test('a memory hog beyond --memory is OOM-killed and inspect says so', async () => {
    const created = await daemon.ok(['run', '-d', '--memory', '32m', 'busybox', 'sh', '-c', 'tail /dev/zero']);
    const code = await daemon.ok(['wait', created]);
    assert.equal(code, '137');
    assert.equal(await daemon.ok(['inspect', '-f', '{{.State.OOMKilled}} {{.State.ExitCode}}', created]), 'true 137');
    await daemon.ok(['rm', created]);
  });

  test('--pids-limit stops a fork bomb', async () => {
    const result = await sh('for i in $(seq 40); do sleep 30 & done 2>/dev/null; ls /proc | grep -c "^[0-9]"', ['--pids-limit', '12']);
    const count = Number(result.stdout.trim().split('\n').at(-1));
    assert.ok(count <= 12, `${count} processes despite --pids-limit 12`);
  });

  test('cgroup limits are written where the kernel enforces them', async () => {
    const id = await daemon.ok(['run', '-d', '--memory', '64m', '--cpus', '0.5', '--pids-limit', '50', 'busybox', 'sleep', '300']);
    const cgroup = path.join(daemon.cgroupParent, id);
    if (detectCgroupMode() === 'v2') {
      assert.equal(readFileSync(path.join('/sys/fs/cgroup', cgroup, 'memory.max'), 'utf8').trim(), String(64 * 1024 * 1024));
      assert.equal(readFileSync(path.join('/sys/fs/cgroup', cgroup, 'cpu.max'), 'utf8').trim(), '50000 100000');
      assert.equal(readFileSync(path.join('/sys/fs/cgroup', cgroup, 'pids.max'), 'utf8').trim(), '50');
    } else {
      assert.equal(readFileSync(path.join('/sys/fs/cgroup/memory', cgroup, 'memory.limit_in_bytes'), 'utf8').trim(), String(64 * 1024 * 1024));
      assert.equal(readFileSync(path.join('/sys/fs/cgroup/cpu', cgroup, 'cpu.cfs_quota_us'), 'utf8').trim(), '50000');
      assert.equal(readFileSync(path.join('/sys/fs/cgroup/pids', cgroup, 'pids.max'), 'utf8').trim(), '50');
    }
    await daemon.ok(['rm', '-f', id]);
  });

  test('--runtime runc runs containers with the same isolation', async () => {
    const result = await sh('grep -E "^(CapEff|Seccomp|NoNewPrivs):" /proc/self/status; ls /sys/class/net', ['--runtime', 'runc']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /CapEff:\s+00000000a80425fb/);
    assert.match(result.stdout, /Seccomp:\s+2/);
    assert.match(result.stdout, /NoNewPrivs:\s+1/);
    assert.match(result.stdout, /^eth0$/m);
    const unshare = await sh('unshare -U true', ['--runtime', 'runc']);
    assert.notEqual(unshare.code, 0);
    const unknown = await daemon.minato(['run', '--rm', '--runtime', 'kata', 'busybox', 'true']);
    assert.equal(unknown.code, 125);
    assert.match(unknown.stderr, /unknown or invalid runtime name: kata/);
  });
});
