// bench/port-throughput: HTTP requests per second through a published port (iptables DNAT set
// up by the CNI portmap plugin) versus straight to the container's IP, in one run, with wrk on
// the daemon's loopback. Alternates the targets over several rounds and compares medians.
// Two servers, because NAT costs per connection, not per request:
//   - a keep-alive server (Node's http, from this machine, bind-mounted into the container):
//     many requests per connection, as browsers and HTTP clients do;
//   - busybox httpd, which closes the connection after every response: every request pays
//     for a new DNAT (and, from 127.0.0.1, SNAT) conntrack entry.
// Docker's userland proxy would be measured too if a Docker engine ran on the machine.
import { spawnSync } from 'node:child_process';
import { TestDaemon } from '../test/helpers/test-daemon.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** wrk in the daemon's network namespace; returns requests per second. */
function wrk(netns: string, url: string): number {
  const result = spawnSync('nsenter', [`--net=/run/netns/${netns}`, 'wrk', '-t', '2', '-c', '16', '-d', `${seconds}s`, url], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wrk ${url}: ${result.stderr}`);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(result.stdout)?.[1];
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(result.stdout);
  if (!rate) throw new Error(`wrk printed no rate for ${url}: ${result.stdout}`);
  if (errors) process.stderr.write(`note: wrk ${url}: ${errors[0]}\n`);
  return Number(rate);
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench/port-throughput needs root');
  if (spawnSync('sh', ['-c', 'command -v wrk']).status !== 0) throw new Error('wrk not found: make deps installs it (Debian package wrk)');
  const daemon = new TestDaemon();
  try {
    await daemon.start();
    await daemon.importBusybox();
    const node = process.execPath;
    const libs = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib64'].flatMap((dir) => ['-v', `${dir}:${dir}:ro`]);
    const server = "require('http').createServer((q, s) => s.end('hello from minato\\n')).listen(80)";
    await daemon.ok(['run', '-d', '--name', 'keepalive', '-p', '8080:80', '-v', `${node}:/usr/local/bin/node:ro`, ...libs, 'busybox', 'node', '-e', server]);
    await daemon.ok(['run', '-d', '--name', 'httpd', '-p', '8081:80', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // node's start-up
    const ipOf = (name: string) => daemon.ok(['inspect', '-f', '{{.NetworkSettings.IPAddress}}', name]);
    const servers = [
      { name: 'keep-alive server (Node http)', direct: `http://${await ipOf('keepalive')}:80/`, published: 'http://127.0.0.1:8080/' },
      { name: 'a connection per request (busybox httpd)', direct: `http://${await ipOf('httpd')}:80/`, published: 'http://127.0.0.1:8081/' },
    ];
    const lines = [`HTTP requests/s, wrk -t2 -c16, ${seconds} s × ${rounds} alternating rounds, median`, ''];
    for (const server of servers) {
      wrk(daemon.netns, server.direct); // warm-up
      wrk(daemon.netns, server.published);
      const direct: number[] = [];
      const published: number[] = [];
      for (let round = 0; round < rounds; round++) {
        direct.push(wrk(daemon.netns, server.direct));
        published.push(wrk(daemon.netns, server.published));
      }
      const ratio = median(published.map((rate, index) => rate / direct[index]!));
      lines.push(`  ${server.name}`);
      lines.push(`    straight to the container's IP      ${median(direct).toFixed(0).padStart(8)}`);
      lines.push(`    published port, 127.0.0.1          ${median(published).toFixed(0).padStart(8)}   ${(ratio * 100).toFixed(0)}% of direct (median of per-round ratios)`);
    }
    lines.push(`  ${"Docker's userland proxy".padEnd(38)} not measured: no Docker engine runs on this machine`);
    console.log(lines.join('\n'));
  } finally {
    await daemon.cleanup();
  }
}

await main();
