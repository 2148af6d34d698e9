// Container networking with the real CNI plugins, iptables and DNS, each test daemon inside a
// network namespace the test made (so bridges, veths and rules never touch the host's).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { isRoot, TestDaemon } from '../../../test/helpers/test-daemon.ts';

const skip = isRoot() ? false : 'needs root: real network namespaces, bridges and iptables';

/** An HTTP request with nc (busybox-static's wget crashes in getaddrinfo on this Debian). */
const httpGet = (address: string, port: number) => `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${address} ${port} | tail -n 1`;

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('bridge networking and published ports', { skip, timeout: 300_000 }, () => {
  const daemon = new TestDaemon();
  before(async () => {
    await daemon.start();
    await daemon.importBusybox();
  });
  after(() => daemon.cleanup());

  const curl = (url: string) => daemon.inNetns('curl', ['-s', '-m', '5', url]);

  test('containers join the default bridge, reach each other by IP and get a hosts file with their address', async () => {
    await daemon.ok(['run', '-d', '--name', 'web', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
    const ip = await daemon.ok(['inspect', '-f', '{{.NetworkSettings.IPAddress}}', 'web']);
    assert.match(ip, /^10\.88\.\d+\.\d+$/);
    assert.equal(await daemon.ok(['inspect', '-f', '{{.NetworkSettings.Networks.bridge.IPAddress}} {{.NetworkSettings.Gateway}}', 'web']), `${ip} 10.88.0.1`);
    assert.equal(await daemon.ok(['run', '--rm', 'busybox', 'sh', '-c', httpGet(ip, 80)]), '<h1>hello from minato</h1>');
    const hosts = await daemon.ok(['exec', 'web', 'cat', '/etc/hosts']);
    assert.match(hosts, new RegExp(`^${ip.replace(/\./g, '\\.')}\\t[a-f0-9]{12}$`, 'm'));
    await daemon.ok(['rm', '-f', 'web']);
  });

  test('-p HOST:CONTAINER answers on 127.0.0.1, the host\'s addresses, and from other containers', async () => {
    await daemon.ok(['run', '-d', '--name', 'published', '-p', '8080:80', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
    assert.equal((await curl('http://127.0.0.1:8080/')).stdout.trim(), '<h1>hello from minato</h1>');
    assert.equal((await curl('http://10.88.0.1:8080/')).stdout.trim(), '<h1>hello from minato</h1>', 'the bridge address is one of the host\'s');
    assert.equal(await daemon.ok(['run', '--rm', 'busybox', 'sh', '-c', httpGet('10.88.0.1', 8080)]), '<h1>hello from minato</h1>', 'hairpin: from another container');
    assert.equal(await daemon.ok(['port', 'published']), '80/tcp -> 0.0.0.0:8080');
    assert.match(await daemon.ok(['ps', '--filter', 'name=published']), /0\.0\.0\.0:8080->80\/tcp/);
    assert.equal(await daemon.ok(['inspect', '-f', '{{json .NetworkSettings.Ports}}', 'published']), '{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}]}');

    // The same host port again: refused, and nothing of the second container's network remains.
    const netnsBefore = daemon.containerNetns().length;
    const taken = await daemon.minato(['run', '-d', '--name', 'clash', '-p', '8080:80', 'busybox', 'httpd', '-f', '-p', '80']);
    assert.equal(taken.code, 125);
    assert.match(taken.stderr, /Bind for 0\.0\.0\.0:8080 failed: port is already allocated/);
    assert.equal(await daemon.ok(['inspect', '-f', '{{.State.Status}}', 'clash']), 'created');
    assert.ok(daemon.containerNetns().length <= netnsBefore);
    await daemon.ok(['rm', '-f', 'published', 'clash']);
  });

  test('a port held by a program on the host is refused with a clear error', async () => {
    const holder = spawn('nsenter', [`--net=/run/netns/${daemon.netns}`, '/usr/bin/busybox', 'nc', '-l', '-p', '8099'], { stdio: 'ignore' });
    try {
      await waitFor(() => spawnSync('nsenter', [`--net=/run/netns/${daemon.netns}`, 'sh', '-c', 'ss -ltnH | grep -q ":8099 "'], {}).status === 0, 'nc to listen');
      const refused = await daemon.minato(['run', '--rm', '-p', '8099:80', 'busybox', 'true']);
      assert.equal(refused.code, 125);
      assert.match(refused.stderr, /0\.0\.0\.0:8099.*address already in use/);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  test('-p CONTAINER picks a free host port; -P publishes every exposed port', async () => {
    await daemon.ok(['run', '-d', '--name', 'random', '-p', '80', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
    const port = Number((await daemon.ok(['port', 'random', '80'])).split(':')[1]);
    assert.ok(port >= 1024, `host port ${port}`);
    assert.equal((await curl(`http://127.0.0.1:${port}/`)).stdout.trim(), '<h1>hello from minato</h1>');
    await daemon.ok(['run', '-d', '--name', 'all', '-P', '--expose', '80', '--expose', '81/udp', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
    const mappings = (await daemon.ok(['port', 'all'])).split('\n');
    assert.equal(mappings.length, 2);
    assert.match(mappings.join('\n'), /^80\/tcp -> 0\.0\.0\.0:\d+$/m);
    assert.match(mappings.join('\n'), /^81\/udp -> 0\.0\.0\.0:\d+$/m);
    await daemon.ok(['rm', '-f', 'random', 'all']);
  });

  test('-p IP:HOST:CONTAINER binds that address only', async () => {
    await daemon.ok(['run', '-d', '--name', 'local', '-p', '127.0.0.1:8081:80', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
    assert.equal(await daemon.ok(['port', 'local']), '80/tcp -> 127.0.0.1:8081');
    assert.equal((await curl('http://127.0.0.1:8081/')).stdout.trim(), '<h1>hello from minato</h1>');
    assert.equal((await curl('http://10.88.0.1:8081/')).stdout.trim(), '', 'not on the other addresses');
    await daemon.ok(['rm', '-f', 'local']);
  });

  test('--network none has loopback only; --network host shares the daemon\'s; container:NAME shares another\'s', async () => {
    assert.equal(await daemon.ok(['run', '--rm', '--network', 'none', 'busybox', 'ls', '/sys/class/net']), 'lo');
    const hostLinks = await daemon.ok(['run', '--rm', '--network', 'host', 'busybox', 'sh', '-c', 'ls /sys/class/net | sort | tr "\\n" " "']);
    assert.match(hostLinks, /\blo\b/);
    await daemon.ok(['run', '-d', '--name', 'netowner', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
    assert.equal(await daemon.ok(['run', '--rm', '--network', 'container:netowner', 'busybox', 'sh', '-c', httpGet('127.0.0.1', 80)]), '<h1>hello from minato</h1>');
    await daemon.ok(['rm', '-f', 'netowner']);
  });

  test('--dns, --add-host and --hostname are written into the container\'s files', async () => {
    const out = await daemon.ok(['run', '--rm', '--dns', '10.1.2.3', '--dns-search', 'corp.example', '--add-host', 'db.local:10.9.9.9', '--hostname', 'box', 'busybox', 'sh', '-c', 'cat /etc/resolv.conf; grep db.local /etc/hosts; cat /etc/hostname; hostname']);
    assert.match(out, /^nameserver 10\.1\.2\.3$/m);
    assert.match(out, /^search corp\.example$/m);
    assert.match(out, /^10\.9\.9\.9\tdb\.local$/m);
    assert.match(out, /^box\nbox$/m);
  });
});

describe('user-defined networks and name resolution', { skip, timeout: 300_000 }, () => {
  const daemon = new TestDaemon();
  before(async () => {
    await daemon.start();
    await daemon.importBusybox();
  });
  after(() => daemon.cleanup());

  test('network create/ls/inspect/rm with --subnet and --gateway', async () => {
    const id = await daemon.ok(['network', 'create', '--subnet', '10.123.0.0/24', '--gateway', '10.123.0.254', 'custom']);
    assert.match(id, /^[a-f0-9]{64}$/);
    assert.match(await daemon.ok(['network', 'ls']), /^[a-f0-9]{12}\s+custom\s+bridge\s+local$/m);
    assert.equal(await daemon.ok(['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}', 'custom']), '10.123.0.0/24 10.123.0.254');
    assert.match((await daemon.minato(['network', 'create', '--subnet', '10.123.0.0/16', 'overlapping'])).stderr, /Pool overlaps with other one on this address space/);
    assert.match((await daemon.minato(['network', 'create', 'custom'])).stderr, /network with name custom already exists/);
    assert.match((await daemon.minato(['network', 'create', '--subnet', 'nonsense', 'bad'])).stderr, /invalid subnet nonsense/);
    assert.match((await daemon.minato(['network', 'rm', 'bridge'])).stderr, /bridge is a pre-defined network and cannot be removed/);
    assert.equal(await daemon.ok(['network', 'rm', 'custom']), 'custom');
  });

  test('containers resolve each other by name and alias; a network in use cannot be removed', async () => {
    await daemon.ok(['network', 'create', 'appnet']);
    await daemon.ok(['run', '-d', '--name', 'db', '--network', 'appnet', '--network-alias', 'database', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
    const dbIp = await daemon.ok(['inspect', '-f', '{{.NetworkSettings.Networks.appnet.IPAddress}}', 'db']);
    assert.match(dbIp, /^10\.89\.\d+\.\d+$/);
    const lookups = await daemon.ok(['run', '--rm', '--network', 'appnet', 'busybox', 'sh', '-c', 'nslookup db | grep "^Address: "; nslookup database | grep "^Address: "; nslookup DB. | grep "^Address: "']);
    assert.equal(lookups, [`Address: ${dbIp}`, `Address: ${dbIp}`, `Address: ${dbIp}`].join('\n'));
    assert.equal(await daemon.ok(['run', '--rm', '--network', 'appnet', 'busybox', 'sh', '-c', httpGet('database', 80)]), '<h1>hello from minato</h1>');
    const unknown = await daemon.minato(['run', '--rm', '--network', 'appnet', 'busybox', 'nslookup', 'nosuchcontainer']);
    assert.notEqual(unknown.code, 0);
    // The default bridge has no embedded DNS (as in Docker).
    assert.notEqual((await daemon.minato(['run', '--rm', 'busybox', 'nslookup', 'db'])).code, 0);
    const inUse = await daemon.minato(['network', 'rm', 'appnet']);
    assert.match(inUse.stderr, /has active endpoints/);
    await daemon.ok(['rm', '-f', 'db']);
    await daemon.ok(['network', 'rm', 'appnet']);
  });

  test('network connect and disconnect a running container', async () => {
    await daemon.ok(['network', 'create', 'front']);
    await daemon.ok(['run', '-d', '--name', 'api', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
    await daemon.ok(['network', 'connect', '--alias', 'backend', 'front', 'api']);
    assert.equal(await daemon.ok(['exec', 'api', 'sh', '-c', 'ls /sys/class/net | sort | tr "\\n" " "']), 'eth0 eth1 lo');
    assert.equal(await daemon.ok(['run', '--rm', '--network', 'front', 'busybox', 'sh', '-c', httpGet('backend', 80)]), '<h1>hello from minato</h1>');
    assert.match(await daemon.ok(['network', 'inspect', '-f', '{{range .Containers}}{{.Name}}{{end}}', 'front']), /^api$/);
    await daemon.ok(['network', 'disconnect', 'front', 'api']);
    assert.equal(await daemon.ok(['exec', 'api', 'sh', '-c', 'ls /sys/class/net | sort | tr "\\n" " "']), 'eth0 lo');
    await daemon.ok(['rm', '-f', 'api']);
    assert.match(await daemon.ok(['network', 'prune', '-f']), /front/);
  });
});

describe('outbound traffic is masqueraded', { skip, timeout: 120_000 }, () => {
  const daemon = new TestDaemon();
  const outside = `${daemon.netns}-out`;
  before(async () => {
    await daemon.start();
    await daemon.importBusybox();
    // "The internet" for this test: another namespace the test makes, linked to the daemon's
    // by a veth pair on a private /30, with a web server; the daemon's default route goes there.
    const run = (args: string[]) => {
      const result = spawnSync('ip', args, { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
    };
    run(['netns', 'add', outside]);
    run(['-n', daemon.netns, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'wan0', 'netns', outside]);
    run(['-n', daemon.netns, 'addr', 'add', '192.168.231.1/30', 'dev', 'up0']);
    run(['-n', daemon.netns, 'link', 'set', 'up0', 'up']);
    run(['-n', outside, 'addr', 'add', '192.168.231.2/30', 'dev', 'wan0']);
    run(['-n', outside, 'link', 'set', 'wan0', 'up']);
    run(['-n', outside, 'link', 'set', 'lo', 'up']);
    run(['-n', daemon.netns, 'route', 'add', 'default', 'via', '192.168.231.2']);
  });
  after(async () => {
    spawnSync('ip', ['netns', 'delete', outside]);
    await daemon.cleanup();
  });

  test('a container reaches an address beyond the host, seen there as the host', async () => {
    const www = path.join(daemon.dir, 'outside-www');
    spawnSync('mkdir', ['-p', www]);
    spawnSync('sh', ['-c', `echo outside > ${www}/index.html`]);
    const server = spawn('ip', ['netns', 'exec', outside, '/usr/bin/busybox', 'httpd', '-f', '-v', '-p', '192.168.231.2:80', '-h', www], { stdio: ['ignore', 'ignore', 'pipe'] });
    const log: string[] = [];
    server.stderr.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await daemon.ok(['run', '--rm', 'busybox', 'sh', '-c', httpGet('192.168.231.2', 80)]), 'outside');
      await waitFor(() => log.join('').includes('192.168.231.1'), 'the request to be logged');
      assert.match(log.join(''), /192\.168\.231\.1/, 'the request arrives from the host\'s address (masqueraded), not 10.88.x.x');
      assert.doesNotMatch(log.join(''), /10\.88\./);
    } finally {
      server.kill('SIGKILL');
    }
  });
});

describe('nothing leaks', { skip, timeout: 600_000 }, () => {
  const daemon = new TestDaemon();
  before(async () => {
    await daemon.start();
    await daemon.importBusybox();
  });
  after(() => daemon.cleanup());

  /** Everything Minato's networking creates, counted in the daemon's namespace and data root. */
  function census() {
    const links = daemon.inNetns('ip', ['-o', 'link', 'show', 'type', 'veth']);
    const rules = daemon.inNetns('sh', ['-c', 'iptables-save | grep -c "^-A"']);
    const ipamDir = path.join(daemon.dataRoot, 'network', 'ipam', 'minato-bridge');
    const ipam = () => {
      try {
        return readdirSync(ipamDir).filter((name) => /^\d+\.\d+\.\d+\.\d+$/.test(name)).length;
      } catch {
        return 0;
      }
    };
    return Promise.all([links, rules]).then(([veths, iptables]) => ({
      veths: veths.stdout.split('\n').filter(Boolean).length,
      iptables: Number(iptables.stdout.trim()),
      ipam: ipam(),
      netns: daemon.containerNetns().length,
    }));
  }

  test('100 run -d -p / rm -f cycles leave no veth, rule, address or namespace behind', async () => {
    // One cycle first: the shared CNI chains exist from then on, and the prepared pool is full.
    await daemon.ok(['run', '-d', '--name', 'warmup', '-p', '18000:80', 'busybox', 'sleep', '300']);
    await daemon.ok(['rm', '-f', 'warmup']);
    await new Promise((resolve) => setTimeout(resolve, 12_000)); // pool back to its size
    const before = await census();
    for (let cycle = 0; cycle < 100; cycle++) {
      const id = await daemon.ok(['run', '-d', '-p', `${18001 + (cycle % 50)}:80`, 'busybox', 'sleep', '300']);
      await daemon.ok(['rm', '-f', id]);
    }
    let after = await census();
    await waitFor(async () => {
      after = await census();
      return JSON.stringify(after) === JSON.stringify(before);
    }, `the counts to come back to ${JSON.stringify(before)} (now ${JSON.stringify(after)})`, 60_000).catch(() => undefined);
    assert.deepEqual(after, before);
  });
});

describe('a daemon restart keeps running containers reachable', { skip, timeout: 180_000 }, () => {
  const daemon = new TestDaemon();
  before(async () => {
    await daemon.start();
    await daemon.importBusybox();
  });
  after(() => daemon.cleanup());

  test('published ports and names still answer after kill -9 and a new daemon', async () => {
    await daemon.ok(['network', 'create', 'keep']);
    await daemon.ok(['run', '-d', '--name', 'served', '-p', '8090:80', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
    await daemon.ok(['run', '-d', '--name', 'named', '--network', 'keep', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
    await daemon.ok(['run', '-d', '--name', 'client', '--network', 'keep', 'busybox', 'sleep', '300']);
    const curl = () => daemon.inNetns('curl', ['-s', '-m', '5', 'http://127.0.0.1:8090/']);
    assert.equal((await curl()).stdout.trim(), '<h1>hello from minato</h1>');

    await daemon.killDaemon();
    assert.equal((await curl()).stdout.trim(), '<h1>hello from minato</h1>', 'the port answers with no daemon at all');

    await daemon.start();
    assert.equal((await curl()).stdout.trim(), '<h1>hello from minato</h1>');
    assert.equal(await daemon.ok(['exec', 'client', 'sh', '-c', httpGet('named', 80)]), '<h1>hello from minato</h1>', 'the embedded DNS is back');
    const taken = await daemon.minato(['run', '-d', '-p', '8090:80', 'busybox', 'true']);
    assert.match(taken.stderr, /port is already allocated/, 'the new daemon knows the port is held');
    await daemon.ok(['rm', '-f', 'served', 'named', 'client']);
    await daemon.ok(['network', 'rm', 'keep']);
  });
});
