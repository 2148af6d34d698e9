import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initialState, type ContainerRecord } from '../../engine/containers/types.ts';
import { decodeLabels, recordSandboxConfig } from './cri-labels.ts';
import {
  containerCreateRequest,
  containerState,
  containerStatusOf,
  exitReason,
  milliCpuToQuota,
  milliCpuToShares,
  podSandboxStatusOf,
  resourceSettings,
  sandboxCreateRequest,
  userSpec,
} from './cri-mapping.ts';
import type { ContainerConfig, PodSandboxConfig } from './runtime-service.ts';

const podConfig: PodSandboxConfig = {
  name: 'web',
  namespace: 'prod',
  uid: 'u-1',
  attempt: 0,
  hostname: 'web-0',
  labels: { app: 'web' },
  annotations: { note: 'x' },
  dns: { servers: ['10.96.0.10'], searches: ['prod.svc.cluster.local'], options: ['ndots:5'] },
  portMappings: [
    { containerPort: 80, hostPort: 8080 },
    { containerPort: 53, hostPort: 5353, protocol: 'UDP', hostIp: '127.0.0.1' },
    { containerPort: 9090, hostPort: 0 },
  ],
  sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
};
const sandboxId = 'a'.repeat(64);

function containerInput(config: Partial<ContainerConfig>, sandbox: Partial<PodSandboxConfig> = {}) {
  return {
    config: { name: 'app', attempt: 0, image: 'busybox', ...config },
    sandboxId,
    pod: { name: 'web', namespace: 'prod', uid: 'u-1', attempt: 0 },
    sandbox: recordSandboxConfig({ ...podConfig, ...sandbox }),
    podIp: '10.88.0.7',
    shmDir: `/run/minato/cri/${sandboxId}/shm`,
    defaultTmpfsBytes: 1 << 30,
  };
}

describe('resources: Kubernetes\' formulas', () => {
  test('cpu shares = millis × 1024 / 1000, at least 2, at most 262144', () => {
    assert.equal(milliCpuToShares(undefined), 2);
    assert.equal(milliCpuToShares(0), 2);
    assert.equal(milliCpuToShares(1), 2);
    assert.equal(milliCpuToShares(100), 102);
    assert.equal(milliCpuToShares(250), 256);
    assert.equal(milliCpuToShares(1000), 1024);
    assert.equal(milliCpuToShares(1500), 1536);
    assert.equal(milliCpuToShares(1_000_000), 262_144);
  });

  test('cpu quota = limit millis × period / 1000 over a 100 ms period, at least 1 ms', () => {
    assert.equal(milliCpuToQuota(undefined), undefined);
    assert.equal(milliCpuToQuota(0), undefined);
    assert.equal(milliCpuToQuota(500), 50_000);
    assert.equal(milliCpuToQuota(2000), 200_000);
    assert.equal(milliCpuToQuota(5), 1000);
    assert.equal(milliCpuToQuota(250, 50_000), 12_500);
  });

  test('resource settings: a limit without a request is the request; memory without swap', () => {
    assert.deepEqual(resourceSettings(undefined), { CpuShares: 2 });
    assert.deepEqual(resourceSettings({ cpuLimitMillis: 500 }), { CpuShares: 512, CpuQuota: 50_000, CpuPeriod: 100_000 });
    assert.deepEqual(resourceSettings({ cpuRequestMillis: 100, cpuLimitMillis: 200, memoryLimitBytes: 64 << 20, pidsLimit: 50 }), {
      CpuShares: 102,
      CpuQuota: 20_000,
      CpuPeriod: 100_000,
      Memory: 64 << 20,
      MemorySwap: 64 << 20,
      PidsLimit: 50,
    });
  });
});

describe('the sandbox\'s create request', () => {
  test('pause on the pod network with the pod\'s hostname, DNS, hostPorts and sysctls', () => {
    const request = sandboxCreateRequest({ config: podConfig, image: 'minato.local/pause:3', podNetwork: 'bridge' });
    assert.equal(request.name, 'k8s_POD_web_prod_u-1_0');
    assert.equal(request.config.Image, 'minato.local/pause:3');
    assert.equal(request.config.Hostname, 'web-0');
    assert.equal(request.hostConfig.NetworkMode, 'bridge');
    assert.deepEqual(request.hostConfig.PortBindings, { '80/tcp': [{ HostIp: '', HostPort: '8080' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }] });
    assert.deepEqual(request.config.ExposedPorts, { '80/tcp': {}, '53/udp': {} });
    assert.deepEqual(request.hostConfig.Dns, ['10.96.0.10']);
    assert.deepEqual(request.hostConfig.DnsSearch, ['prod.svc.cluster.local']);
    assert.deepEqual(request.hostConfig.DnsOptions, ['ndots:5']);
    assert.deepEqual(request.hostConfig.Sysctls, podConfig.sysctls);
    assert.deepEqual(request.hostConfig.RestartPolicy, { Name: 'no' });
    const decoded = decodeLabels(request.config.Labels);
    assert.equal(decoded?.type, 'sandbox');
    assert.equal(decoded?.labels.app, 'web');
    assert.deepEqual(decoded?.annotations, { note: 'x' });
    assert.equal(decoded?.sandboxConfig?.hostname, 'web-0');
  });

  test('hostNetwork: the node\'s network, no published ports; host PID and IPC', () => {
    const request = sandboxCreateRequest({ config: { ...podConfig, hostNetwork: true, hostPID: true, hostIPC: true }, image: 'p', podNetwork: 'bridge' });
    assert.equal(request.hostConfig.NetworkMode, 'host');
    assert.deepEqual(request.hostConfig.PortBindings, {});
    assert.equal(request.hostConfig.PidMode, 'host');
    assert.equal(request.hostConfig.IpcMode, 'host');
    assert.equal(request.config.Hostname, undefined);
  });
});

describe('a container\'s create request', () => {
  test('joins the sandbox\'s network and IPC namespaces, with its DNS, /dev/shm and hostname', () => {
    const request = containerCreateRequest(containerInput({}));
    assert.equal(request.name, 'k8s_app_web_prod_u-1_0');
    assert.equal(request.hostConfig.NetworkMode, `container:${sandboxId}`);
    assert.equal(request.hostConfig.IpcMode, `container:${sandboxId}`);
    assert.equal(request.hostConfig.PidMode, '');
    assert.equal(request.config.Hostname, 'web-0');
    assert.deepEqual(request.hostConfig.ExtraHosts, ['web-0:10.88.0.7']);
    assert.deepEqual(request.hostConfig.Dns, ['10.96.0.10']);
    assert.deepEqual(request.hostConfig.Mounts, [{ Type: 'bind', Source: `/run/minato/cri/${sandboxId}/shm`, Target: '/dev/shm', ReadOnly: false, BindOptions: { Propagation: 'rprivate' } }]);
    assert.deepEqual(request.hostConfig.RestartPolicy, { Name: 'no' });
    assert.deepEqual(request.hostConfig.SecurityOpt, ['no-new-privileges=false']);
    const decoded = decodeLabels(request.config.Labels);
    assert.equal(decoded?.type, 'container');
    assert.equal(decoded?.sandboxId, sandboxId);
    assert.deepEqual(decoded?.metadata, { name: 'app', attempt: 0 });
  });

  test('shareProcessNamespace joins the PID namespace; hostNetwork shares the node\'s UTS', () => {
    assert.equal(containerCreateRequest(containerInput({}, { shareProcessNamespace: true })).hostConfig.PidMode, `container:${sandboxId}`);
    const host = containerCreateRequest(containerInput({}, { hostNetwork: true, hostIPC: true }));
    assert.equal(host.hostConfig.UTSMode, 'host');
    assert.equal(host.hostConfig.IpcMode, 'host');
    assert.deepEqual(host.hostConfig.ExtraHosts, []);
  });

  test('command, args, env, working dir, user, tty and stdin', () => {
    const request = containerCreateRequest(containerInput({
      command: ['/bin/sh', '-c'],
      args: ['echo $A'],
      env: [{ name: 'A', value: '1' }, { name: 'B', value: 'x=y' }],
      workingDir: '/srv',
      securityContext: { runAsUser: 1000, runAsGroup: 3000 },
      tty: true,
      stdin: true,
      stdinOnce: true,
    }));
    assert.deepEqual(request.config.Entrypoint, ['/bin/sh', '-c']);
    assert.deepEqual(request.config.Cmd, ['echo $A']);
    assert.deepEqual(request.config.Env, ['A=1', 'B=x=y']);
    assert.equal(request.config.WorkingDir, '/srv');
    assert.equal(request.config.User, '1000:3000');
    assert.equal(request.config.Tty, true);
    assert.equal(request.config.OpenStdin, true);
    assert.equal(request.config.StdinOnce, true);
    // Only args: the image's entrypoint stays.
    const argsOnly = containerCreateRequest(containerInput({ args: ['a'] }));
    assert.equal(argsOnly.config.Entrypoint, undefined);
    assert.deepEqual(argsOnly.config.Cmd, ['a']);
    assert.throws(() => containerCreateRequest(containerInput({ env: [{ name: 'A=B', value: '' }] })), /invalid environment variable/);
  });

  test('user specs', () => {
    assert.equal(userSpec(undefined), undefined);
    assert.equal(userSpec({ runAsUser: 0 }), '0');
    assert.equal(userSpec({ runAsUserName: 'www', runAsGroup: 5 }), 'www:5');
    assert.throws(() => userSpec({ runAsGroup: 5 }), /runAsGroup needs runAsUser/);
  });

  test('mounts: host paths with propagation, executable tmpfs with a size; the agent\'s /etc/hosts and /dev/shm win', () => {
    const request = containerCreateRequest(containerInput({
      mounts: [
        { hostPath: '/data', containerPath: '/data', readOnly: true },
        { hostPath: '/var/lib/pods/u-1/etc-hosts', containerPath: '/etc/hosts' },
        { hostPath: '/mnt', containerPath: '/mnt', propagation: 'hostToContainer' },
      ],
      tmpfs: [{ containerPath: '/cache', sizeBytes: 1 << 20 }, { containerPath: '/scratch' }],
    }));
    assert.deepEqual(request.hostConfig.Mounts, [
      { Type: 'bind', Source: '/data', Target: '/data', ReadOnly: true, BindOptions: { Propagation: 'rprivate' } },
      { Type: 'bind', Source: '/var/lib/pods/u-1/etc-hosts', Target: '/etc/hosts', ReadOnly: false, BindOptions: { Propagation: 'rprivate' } },
      { Type: 'bind', Source: '/mnt', Target: '/mnt', ReadOnly: false, BindOptions: { Propagation: 'rslave' } },
      { Type: 'bind', Source: `/run/minato/cri/${sandboxId}/shm`, Target: '/dev/shm', ReadOnly: false, BindOptions: { Propagation: 'rprivate' } },
    ]);
    assert.deepEqual(request.hostConfig.Tmpfs, { '/cache': 'rw,exec,size=1048576,mode=1777', '/scratch': `rw,exec,size=${1 << 30},mode=1777` });
    assert.deepEqual(request.hostConfig.ExtraHosts, [], 'the agent mounts its own /etc/hosts');
    const ownShm = containerCreateRequest(containerInput({ tmpfs: [{ containerPath: '/dev/shm', sizeBytes: 1 << 20 }] }));
    assert.deepEqual(ownShm.hostConfig.Mounts, []);
    assert.throws(() => containerCreateRequest(containerInput({ mounts: [{ hostPath: 'relative', containerPath: '/x' }] })), /must be absolute/);
  });

  test('security context', () => {
    const request = containerCreateRequest(containerInput({
      securityContext: { privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } },
    }));
    assert.equal(request.hostConfig.ReadonlyRootfs, true);
    assert.deepEqual(request.hostConfig.CapAdd, ['NET_ADMIN']);
    assert.deepEqual(request.hostConfig.CapDrop, ['ALL']);
    assert.deepEqual(request.hostConfig.SecurityOpt, ['no-new-privileges=true']);
    assert.equal(containerCreateRequest(containerInput({ securityContext: { privileged: true } })).hostConfig.Privileged, true);
  });

  test('the log path is the sandbox\'s log directory joined with the container\'s', () => {
    const request = containerCreateRequest(containerInput({ logPath: 'app/0.log' }, { logDirectory: '/var/log/pods/prod_web_u-1/' }));
    assert.equal(decodeLabels(request.config.Labels)?.logPath, '/var/log/pods/prod_web_u-1/app/0.log');
    assert.equal(decodeLabels(containerCreateRequest(containerInput({ logPath: 'app/0.log' })).config.Labels)?.logPath, undefined);
  });
});

describe('engine records → CRI statuses', () => {
  const base = (): ContainerRecord => {
    const request = containerCreateRequest(containerInput({ mounts: [{ hostPath: '/data', containerPath: '/data', readOnly: true }] }));
    return {
      Id: 'c'.repeat(64),
      Name: `/${request.name}`,
      Created: '2026-01-01T00:00:00.000Z',
      Path: 'sh',
      Args: [],
      Config: request.config,
      HostConfig: request.hostConfig,
      Image: `sha256:${'e'.repeat(64)}`,
      State: initialState(),
      RestartCount: 0,
      Mounts: [
        { Type: 'bind', Source: '/data', Destination: '/data', Mode: 'ro', RW: false, Propagation: 'rprivate' },
        { Type: 'bind', Source: '/run/minato/cri/x/shm', Destination: '/dev/shm', Mode: '', RW: true, Propagation: 'rprivate' },
      ],
      LogPath: '/log',
      HostnamePath: '',
      HostsPath: '',
      ResolvConfPath: '',
      runtime: 'crun',
      manuallyStopped: false,
      layers: [],
      NetworkingConfig: {},
    };
  };
  const exited = (exitCode: number, extra: Partial<ContainerRecord['State']> = {}): ContainerRecord => {
    const record = base();
    record.State = { ...record.State, Status: 'exited', ExitCode: exitCode, StartedAt: '2026-01-01T00:00:01Z', FinishedAt: '2026-01-01T00:00:02Z', ...extra };
    return record;
  };

  test('states and exit reasons', () => {
    assert.equal(containerState(base()), 'CREATED');
    const running = base();
    running.State = { ...running.State, Status: 'running', Running: true, Pid: 42, StartedAt: '2026-01-01T00:00:01Z' };
    assert.equal(containerState(running), 'RUNNING');
    assert.equal(containerState(exited(0)), 'EXITED');
    assert.deepEqual(exitReason(exited(0)), { reason: 'Completed' });
    assert.deepEqual(exitReason(exited(3)), { reason: 'Error' });
    assert.deepEqual(exitReason(exited(137, { OOMKilled: true })), { reason: 'OOMKilled' });
    const failed = base();
    failed.State = { ...failed.State, Error: 'exec: "nope": executable file not found in $PATH', ExitCode: 127 };
    assert.equal(containerState(failed), 'EXITED');
    assert.deepEqual(exitReason(failed), { reason: 'StartError', message: failed.State.Error });
  });

  test('container status: times, exit code, reason, the agent\'s mounts, image and ref', () => {
    const record = exited(3);
    const status = containerStatusOf(record, decodeLabels(record.Config.Labels)!, 'docker.io/library/busybox@sha256:abc', (source) => source.startsWith('/run/minato/cri/'));
    assert.equal(status.state, 'EXITED');
    assert.equal(status.exitCode, 3);
    assert.equal(status.reason, 'Error');
    assert.equal(status.startedAt, '2026-01-01T00:00:01Z');
    assert.equal(status.finishedAt, '2026-01-01T00:00:02Z');
    assert.equal(status.image, 'busybox');
    assert.equal(status.imageRef, 'docker.io/library/busybox@sha256:abc');
    assert.equal(status.podSandboxId, sandboxId);
    assert.equal(status.pid, undefined);
    assert.deepEqual(status.mounts, [{ containerPath: '/data', hostPath: '/data', readOnly: true, propagation: 'private' }]);
    const created = containerStatusOf(base(), decodeLabels(base().Config.Labels)!, 'x');
    assert.equal(created.startedAt, undefined);
    assert.equal(created.exitCode, undefined);
  });

  test('sandbox status: READY with its IP while pause runs, NOTREADY without', () => {
    const request = sandboxCreateRequest({ config: podConfig, image: 'p', podNetwork: 'bridge' });
    const record: ContainerRecord = { ...base(), Config: request.config, HostConfig: request.hostConfig };
    record.State = { ...record.State, Status: 'running', Running: true, Pid: 7 };
    record.Network = { ports: [], endpoints: { bridge: { IPAddress: '10.88.0.9' } as never } };
    const status = podSandboxStatusOf(record, decodeLabels(record.Config.Labels)!);
    assert.equal(status.state, 'READY');
    assert.deepEqual(status.network, { ip: '10.88.0.9', additionalIps: [] });
    assert.equal(status.hostname, 'web-0');
    assert.equal(status.pid, 7);
    assert.deepEqual(status.metadata, { name: 'web', namespace: 'prod', uid: 'u-1', attempt: 0 });
    record.State = { ...record.State, Status: 'exited', Running: false, Pid: 0 };
    const stopped = podSandboxStatusOf(record, decodeLabels(record.Config.Labels)!);
    assert.equal(stopped.state, 'NOTREADY');
    assert.equal(stopped.network.ip, '');
  });
});
