import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ProgressMessage, ProgressRenderer, StreamError } from './progress.ts';

function render(messages: ProgressMessage[], tty: boolean, width = 200): string {
  let out = '';
  const renderer = new ProgressRenderer({ write: (text: string) => (out += text) }, { tty, width });
  for (const message of messages) renderer.render(message);
  return out;
}

const pull: ProgressMessage[] = [
  { status: 'Pulling from library/busybox', id: 'latest' },
  { status: 'Pulling fs layer', progressDetail: {}, id: 'aaaaaaaaaaaa' },
  { status: 'Pulling fs layer', progressDetail: {}, id: 'bbbbbbbbbbbb' },
  { status: 'Downloading', progressDetail: { current: 1_200_000, total: 3_000_000 }, progress: '[...]', id: 'aaaaaaaaaaaa' },
  { status: 'Download complete', progressDetail: {}, id: 'aaaaaaaaaaaa' },
  { status: 'Pull complete', progressDetail: {}, id: 'aaaaaaaaaaaa' },
  { status: 'Pull complete', progressDetail: {}, id: 'bbbbbbbbbbbb' },
  { status: 'Digest: sha256:0123' },
  { status: 'Status: Downloaded newer image for busybox:latest' },
  { progressDetail: {}, aux: { Tag: 'latest' } },
];

test('not on a terminal: one plain line per status change, byte counts left out', () => {
  assert.equal(
    render(pull, false),
    [
      'latest: Pulling from library/busybox',
      'aaaaaaaaaaaa: Pulling fs layer',
      'bbbbbbbbbbbb: Pulling fs layer',
      'aaaaaaaaaaaa: Download complete',
      'aaaaaaaaaaaa: Pull complete',
      'bbbbbbbbbbbb: Pull complete',
      'Digest: sha256:0123',
      'Status: Downloaded newer image for busybox:latest',
      '',
    ].join('\n'),
  );
});

test('on a terminal: each layer keeps its line, rewritten in place with cursor moves', () => {
  const out = render(pull.slice(0, 5), true, 80);
  const up = (n: number) => `\x1b[${n}A\r\x1b[2K`;
  const down = (n: number) => `\r\x1b[${n}B`;
  assert.equal(
    out,
    'latest: Pulling from library/busybox\n' +
      `\n${up(1)}aaaaaaaaaaaa: Pulling fs layer${down(1)}` +
      `\n${up(1)}bbbbbbbbbbbb: Pulling fs layer${down(1)}` +
      `${up(2)}aaaaaaaaaaaa: Downloading    1.2MB/3MB${down(2)}` +
      `${up(2)}aaaaaaaaaaaa: Download complete${down(2)}`,
  );
});

test('a wide terminal shows the bar', () => {
  const out = render([{ status: 'Pushing', progressDetail: { current: 50, total: 100 }, id: 'cccccccccccc' }], true, 120);
  assert.match(out, /cccccccccccc: Pushing \[={25}> {25}\]      50B\/100B/);
});

test('an error in the stream throws with the daemon message', () => {
  assert.throws(() => render([{ status: 'The push refers to repository [x]' }, { error: 'denied', errorDetail: { message: 'denied: requested access to the resource is denied' } }], false), (err: unknown) => err instanceof StreamError && err.message === 'denied: requested access to the resource is denied');
});
