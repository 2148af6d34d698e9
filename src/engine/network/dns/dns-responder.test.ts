import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { promisify } from 'node:util';
import { isMinatoError } from '../../../util/errors.ts';
import { silentLogger } from '../../../util/log.ts';
import { findExecutable } from '../../../util/which.ts';
import { DnsResponder, LOCAL_TTL_SECONDS, type NameLookup } from './dns-responder.ts';
import { FakeUpstream, blackhole, closedPort, openHandles, query, tcpAsk, tcpUntilClosed, udpAsk, udpSendAll } from './testing.ts';
import { framed } from './wire.ts';

const containers: Record<string, { ips: string[]; aliases: string[] }> = {
  web: { ips: ['127.10.0.2'], aliases: ['frontend'] },
  db: { ips: ['127.10.0.3'], aliases: ['store', 'shared'] },
  cache: { ips: ['127.10.0.4'], aliases: ['shared'] },
};
const names: NameLookup = {
  lookup(name) {
    const wanted = name.toLowerCase();
    return Object.entries(containers).flatMap(([n, c]) => (n === wanted || c.aliases.includes(wanted) ? c.ips : []));
  },
  reverse(ip) {
    return Object.entries(containers).find(([, c]) => c.ips.includes(ip))?.[0];
  },
};

const log = silentLogger();
const sorted = (xs: unknown[]) => xs.map(String).sort();
const aData = (reply: { answers?: { type: string; data?: unknown }[] | undefined }) => sorted((reply.answers ?? []).filter((a) => a.type === 'A').map((a) => a.data));

const digPath = (() => {
  try {
    return findExecutable('dig');
  } catch {
    return undefined;
  }
})();

describe('DnsResponder', () => {
  const upstream = new FakeUpstream();
  let responder: DnsResponder;
  let port: number;

  before(async () => {
    await upstream.start('127.0.0.2');
    responder = new DnsResponder({ address: '127.0.0.1', port: 0, upstreams: [`127.0.0.2:${upstream.port}`], names, log, networkName: 'mynet', tcpIdleTimeoutMs: 400 });
    await responder.start();
    port = responder.port;
  });
  after(async () => {
    await responder.stop();
    await upstream.stop();
  });

  test('answers A for a container name and an alias, case-insensitively, authoritatively, with a short TTL', async () => {
    for (const name of ['web', 'WEB', 'Frontend', 'web.mynet', 'WEB.MyNet']) {
      const reply = await udpAsk(port, query(name, 'A', { id: 777 }));
      assert.equal(reply.id, 777);
      assert.equal(reply.rcode, 'NOERROR');
      assert.equal(reply.flag_aa, true, name);
      assert.equal(reply.flag_rd, true);
      assert.equal(reply.flag_ra, true);
      assert.deepEqual(aData(reply), ['127.10.0.2'], name);
      assert.equal(reply.answers![0]!.name, name, 'the answer carries the name as asked');
      assert.equal((reply.answers![0] as { ttl: number }).ttl, LOCAL_TTL_SECONDS);
    }
    // an alias shared by two containers gives both (round robin)
    assert.deepEqual(aData(await udpAsk(port, query('shared', 'A'))), ['127.10.0.3', '127.10.0.4']);
    assert.equal(upstream.seen.length, 0, 'nothing local was forwarded');
  });

  test('a trailing dot is the same name (dig and `getent hosts web.`)', async () => {
    assert.deepEqual(aData(await udpAsk(port, query('web.', 'A'))), ['127.10.0.2']);
  });

  test('AAAA and other types of a known name: NOERROR with no records, not NXDOMAIN', async () => {
    for (const type of ['AAAA', 'MX', 'TXT'] as const) {
      const reply = await udpAsk(port, query('db', type));
      assert.equal(reply.rcode, 'NOERROR', type);
      assert.equal(reply.flag_aa, true);
      assert.deepEqual(reply.answers, []);
    }
    assert.deepEqual(aData(await udpAsk(port, query('db', 'ANY'))), ['127.10.0.3']);
    assert.equal(upstream.seen.length, 0);
  });

  test('PTR of a container address gives its name; an unknown address is forwarded', async () => {
    const reply = await udpAsk(port, query('3.0.10.127.in-addr.arpa', 'PTR'));
    assert.equal(reply.rcode, 'NOERROR');
    assert.equal(reply.flag_aa, true);
    assert.deepEqual(reply.answers!.map((a) => [a.type, (a as { data: string }).data]), [['PTR', 'db']]);
    await udpAsk(port, query('9.9.10.127.in-addr.arpa', 'PTR'));
    assert.equal(upstream.seen.at(-1)?.name, '9.9.10.127.in-addr.arpa');
  });

  test('an unknown name is forwarded and answered from the upstream with the client ID', async () => {
    const before = upstream.seen.length;
    const reply = await udpAsk(port, query('example.org', 'A', { id: 31337 }));
    assert.equal(reply.id, 31337);
    assert.equal(reply.rcode, 'NOERROR');
    assert.equal(reply.flag_aa, false);
    assert.deepEqual(aData(reply), ['192.0.2.1']);
    assert.deepEqual(upstream.seen.slice(before).map((s) => [s.transport, s.name]), [['udp', 'example.org']]);
    // EDNS queries pass through as well
    assert.deepEqual(aData(await udpAsk(port, query('edns.example.org', 'A', { edns: 1232 }))), ['192.0.2.1']);
  });

  test('TCP: local and forwarded answers, several queries on one connection', async () => {
    const before = upstream.seen.length;
    const bytes = Buffer.concat([framed(query('web', 'A', { id: 1 })), framed(query('example.com', 'A', { id: 2 })), framed(query('store', 'A', { id: 3 }))]);
    const { replies } = await tcpAsk(port, bytes, 3);
    const byId = new Map(replies.map((r) => [r.id, r]));
    assert.deepEqual(aData(byId.get(1)!), ['127.10.0.2']);
    assert.deepEqual(aData(byId.get(2)!), ['192.0.2.1']);
    assert.deepEqual(aData(byId.get(3)!), ['127.10.0.3']);
    assert.deepEqual(upstream.seen.slice(before).map((s) => [s.transport, s.name]), [['tcp', 'example.com']], 'TCP queries go upstream over TCP');
  });

  test('a truncated UDP answer from the upstream is fetched again over TCP', async () => {
    const before = upstream.seen.length;
    const reply = await udpAsk(port, query('big.test', 'A', { edns: 4096 }));
    assert.equal(reply.flag_tc, false);
    assert.equal(reply.answers!.length, 20);
    assert.deepEqual(upstream.seen.slice(before).map((s) => s.transport), ['udp', 'tcp']);

    // Without EDNS the 60 records do not fit 512 bytes: the client gets as many whole records as
    // fit, with TC set, and the whole answer over TCP.
    const small = await udpAsk(port, query('huge.test', 'A'));
    assert.equal(small.flag_tc, true);
    assert.ok(small.raw.length <= 512);
    assert.ok(small.answers!.length > 10 && small.answers!.length < 60, `${small.answers!.length} records`);
    const { replies } = await tcpAsk(port, framed(query('huge.test', 'A')));
    assert.equal(replies[0]!.flag_tc, false);
    assert.equal(replies[0]!.answers!.length, 60);
  });

  test('garbage is dropped or refused without harm, and the responder keeps answering', async () => {
    const header = (byte2: number, qd = 1) => Buffer.from([0x12, 0x34, byte2, 0, 0, qd, 0, 0, 0, 0, 0, 0]);
    const pointerLoop = Buffer.concat([header(0x01), Buffer.from([0xc0, 0x0c, 0, 1, 0, 1])]);
    const silent = [Buffer.alloc(0), Buffer.from([1]), Buffer.alloc(11, 0xff), header(0x81), Buffer.alloc(8000, 0x41), Buffer.alloc(60000, 0x07)];
    assert.deepEqual(await udpSendAll(port, silent, 200), [], 'no reply to non-queries, responses or oversized packets');

    const refused = [header(0x01), header(0x01, 0), pointerLoop, Buffer.concat([header(0x01), Buffer.from([5, 0x61])]), header(0x29), Buffer.alloc(512, 0x01)];
    const replies = await udpSendAll(port, refused, 300);
    assert.equal(replies.length, refused.length, 'each malformed query gets one error reply');
    for (const reply of replies) assert.ok([1, 4].includes(reply[3]! & 0x0f), `FORMERR or NOTIMP, got rcode ${reply[3]! & 0x0f}`);
    assert.equal(upstream.seen.filter((s) => s.name === '').length, 0);

    assert.deepEqual(aData(await udpAsk(port, query('web', 'A'))), ['127.10.0.2']);
  });

  test('TCP: an oversized message or a stalled one closes the connection; others are unaffected', async () => {
    const oversize = Buffer.from([0xff, 0xff, 0, 0, 0]);
    assert.ok((await tcpUntilClosed(port, oversize)) < 1000);
    const stalled = Buffer.concat([Buffer.from([0, 40]), Buffer.alloc(10)]);
    const elapsed = await tcpUntilClosed(port, stalled);
    assert.ok(elapsed >= 350 && elapsed < 2000, `closed after ${elapsed} ms`);
    const idle = await tcpUntilClosed(port, Buffer.alloc(0));
    assert.ok(idle >= 350 && idle < 2000, `idle connection closed after ${idle} ms`);
    const { replies } = await tcpAsk(port, framed(query('web', 'A')));
    assert.deepEqual(aData(replies[0]!), ['127.10.0.2']);
  });

  test('a client that half-closes after its query still gets the answer', async () => {
    const { connect } = await import('node:net');
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => socket.end(framed(query('example.net', 'A'))));
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks)));
    });
    assert.ok(reply.length > 2 && reply.readUInt16BE(0) === reply.length - 2);
  });

  test('dig resolves through it, if dig is installed', { skip: digPath ? false : 'dig is not installed (Debian dnsutils)' }, async () => {
    const run = promisify(execFile);
    const dig = (...args: string[]) => run(digPath!, ['@127.0.0.1', '-p', String(port), '+time=2', '+tries=1', ...args]).then((r) => r.stdout);
    assert.equal((await dig('+short', 'frontend')).trim(), '127.10.0.2');
    assert.equal((await dig('+short', '+tcp', 'WEB.')).trim(), '127.10.0.2');
    assert.equal((await dig('+short', '-x', '127.10.0.4')).trim(), 'cache.');
    assert.match(await dig('web', 'AAAA'), /status: NOERROR/);
    assert.equal((await dig('+short', 'example.org')).trim(), '192.0.2.1');
  });
});

describe('DnsResponder with failing upstreams', () => {
  test('upstream down or silent: SERVFAIL within the timeout; a later upstream is tried', async () => {
    const silent = await blackhole('127.0.0.3');
    const downPort = await closedPort('127.0.0.4');
    const good = new FakeUpstream();
    await good.start('127.0.0.2');
    const responders = {
      refused: new DnsResponder({ address: '127.0.0.1', port: 0, upstreams: [`127.0.0.4:${downPort}`], names, log, upstreamTimeoutMs: 500 }),
      silent: new DnsResponder({ address: '127.0.0.1', port: 0, upstreams: [`127.0.0.3:${silent.port}`], names, log, upstreamTimeoutMs: 500 }),
      failover: new DnsResponder({ address: '127.0.0.1', port: 0, upstreams: [`127.0.0.3:${silent.port}`, `127.0.0.4:${downPort}`, `127.0.0.2:${good.port}`], names, log, upstreamTimeoutMs: 300 }),
      none: new DnsResponder({ address: '127.0.0.1', port: 0, upstreams: [], names, log }),
      servfail: new DnsResponder({ address: '127.0.0.1', port: 0, upstreams: [`127.0.0.2:${good.port}`], names, log }),
    };
    for (const r of Object.values(responders)) await r.start();
    try {
      let started = Date.now();
      let reply = await udpAsk(responders.refused.port, query('example.org', 'A', { id: 9 }));
      assert.equal(reply.rcode, 'SERVFAIL');
      assert.equal(reply.id, 9);
      assert.equal(reply.questions![0]!.name, 'example.org');
      assert.ok(Date.now() - started < 450, 'a refused port fails at once');

      started = Date.now();
      reply = await udpAsk(responders.silent.port, query('example.org', 'A'));
      const elapsed = Date.now() - started;
      assert.equal(reply.rcode, 'SERVFAIL');
      assert.ok(elapsed >= 450 && elapsed < 1500, `SERVFAIL after ${elapsed} ms`);
      reply = (await tcpAsk(responders.silent.port, framed(query('example.org', 'A')))).replies[0]!;
      assert.equal(reply.rcode, 'SERVFAIL', 'over TCP too (connection refused by the silent host)');

      reply = await udpAsk(responders.failover.port, query('example.org', 'A'));
      assert.deepEqual(aData(reply), ['192.0.2.1']);

      assert.equal((await udpAsk(responders.none.port, query('example.org', 'A'))).rcode, 'SERVFAIL');
      assert.deepEqual(aData(await udpAsk(responders.none.port, query('web', 'A'))), ['127.10.0.2'], 'local names need no upstream');

      assert.equal((await udpAsk(responders.servfail.port, query('fail.test', 'A'))).rcode, 'SERVFAIL', "the upstream's own SERVFAIL is passed on");
    } finally {
      for (const r of Object.values(responders)) await r.stop();
      await silent.close();
      await good.stop();
    }
  });

  test('many queries to a silent upstream are all answered and leave no socket or timer behind', async () => {
    const baseline = await openHandles();
    const silent = await blackhole('127.0.0.3');
    const responder = new DnsResponder({ address: '127.0.0.1', port: 0, upstreams: [`127.0.0.3:${silent.port}`], names, log, upstreamTimeoutMs: 300 });
    await responder.start();
    const msgs = Array.from({ length: 50 }, (_, i) => query(`n${i}.example.org`, 'A', { id: i + 1 }));
    const replies = await udpSendAll(responder.port, msgs, 900);
    assert.equal(replies.length, 50);
    assert.ok(replies.every((r) => (r[3]! & 0x0f) === 2));
    assert.equal(silent.received(), 50);
    // queries in flight when stop() is called are aborted, and their sockets closed, before it resolves
    await udpSendAll(responder.port, msgs.slice(0, 10), 50);
    await responder.stop();
    await silent.close();
    assert.deepEqual(await openHandles(), baseline);
  });
});

describe('DnsResponder lifecycle', () => {
  test('stop() frees both ports: a new responder can start on the same port', async () => {
    const baseline = await openHandles();
    const first = new DnsResponder({ address: '127.0.0.1', port: 0, upstreams: [], names, log });
    await first.start();
    const port = first.port;
    assert.ok(port > 0);
    await tcpAsk(port, framed(query('web', 'A')));
    await first.stop();
    assert.equal(first.port, 0);
    assert.deepEqual(await openHandles(), baseline, 'no socket left open');

    const second = new DnsResponder({ address: '127.0.0.1', port, upstreams: [], names, log });
    await second.start();
    assert.deepEqual(aData(await udpAsk(port, query('web', 'A'))), ['127.10.0.2']);
    const { replies } = await tcpAsk(port, framed(query('db', 'A')));
    assert.deepEqual(aData(replies[0]!), ['127.10.0.3']);
    await second.stop();
    // the same object can start again too
    await second.start();
    assert.equal(second.port, port);
    await second.stop();
    assert.deepEqual(await openHandles(), baseline);
  });

  test('stop() with TCP clients connected closes them', async () => {
    const responder = new DnsResponder({ address: '127.0.0.1', port: 0, upstreams: [], names, log });
    await responder.start();
    const closed = tcpUntilClosed(responder.port, Buffer.from([0])); // half a length prefix, then waits
    await new Promise((resolve) => setTimeout(resolve, 50));
    await responder.stop();
    assert.ok((await closed) < 1000);
  });

  test('a port in use is a Conflict and leaves nothing open', async () => {
    const holder = createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', resolve));
    const baseline = await openHandles();
    try {
      const responder = new DnsResponder({ address: '127.0.0.1', port: holder.address().port, upstreams: [], names, log });
      await assert.rejects(responder.start(), (err) => isMinatoError(err, 'Conflict') && /in use/.test(err.message));
      assert.deepEqual(await openHandles(), baseline);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  test('a TCP port in use is a Conflict too, and the UDP socket already bound is closed', async () => {
    const { createServer } = await import('node:net');
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const baseline = await openHandles();
    try {
      const port = (holder.address() as { port: number }).port;
      const responder = new DnsResponder({ address: '127.0.0.1', port, upstreams: [], names, log });
      await assert.rejects(responder.start(), (err) => isMinatoError(err, 'Conflict') && err.message.includes(`${port}/tcp`));
      assert.deepEqual(await openHandles(), baseline);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  test('bad options are rejected up front', () => {
    assert.throws(() => new DnsResponder({ address: 'gateway', upstreams: [], names, log }), (err) => isMinatoError(err, 'InvalidArgument'));
    assert.throws(() => new DnsResponder({ address: '127.0.0.1', upstreams: ['dns.example:53'], names, log }), /invalid DNS upstream/);
  });
});
