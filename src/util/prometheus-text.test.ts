import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSamples, parseSamples, type Sample } from './prometheus-text.ts';

// What a kubelet's /metrics/resource looks like (trimmed from a v1.32 node).
const kubeletText = `# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds
# TYPE container_cpu_usage_seconds_total counter
container_cpu_usage_seconds_total{container="coredns",namespace="kube-system",pod="coredns-7db6d8ff4d-abcde"} 12.345678 1700000000123
# HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes
# TYPE node_memory_working_set_bytes gauge
node_memory_working_set_bytes 1.234567168e+09 1700000000456
# HELP scrape_error [ALPHA] 1 if there was an error while getting container metrics, 0 otherwise
# TYPE scrape_error gauge
scrape_error 0
`;

test('parses the kubelet resource metrics: names, labels, values and millisecond timestamps', () => {
  assert.deepEqual(parseSamples(kubeletText), [
    { name: 'container_cpu_usage_seconds_total', labels: { container: 'coredns', namespace: 'kube-system', pod: 'coredns-7db6d8ff4d-abcde' }, value: 12.345678, timestampMs: 1700000000123 },
    { name: 'node_memory_working_set_bytes', labels: {}, value: 1234567168, timestampMs: 1700000000456 },
    { name: 'scrape_error', labels: {}, value: 0 },
  ]);
});

test('label values keep escaped quotes, backslashes and newlines; spaces and a trailing comma are allowed', () => {
  const [sample] = parseSamples('m{ a = "x\\"y\\\\z\\nw" , b="",} +Inf\n');
  assert.deepEqual(sample, { name: 'm', labels: { a: 'x"y\\z\nw', b: '' }, value: Infinity });
});

test('what formatSamples writes, parseSamples reads back', () => {
  const samples: Sample[] = [
    { name: 'container_memory_working_set_bytes', labels: { container: 'app', namespace: 'default', pod: 'we"ird' }, value: 4096, timestampMs: 1700000000000 },
    { name: 'container_memory_working_set_bytes', labels: { container: 'side', namespace: 'default', pod: 'p' }, value: 8192, timestampMs: 1700000000001 },
    { name: 'scrape_error', labels: {}, value: 0 },
  ];
  const text = formatSamples(samples, { container_memory_working_set_bytes: { help: '[STABLE] Current working set of the container in bytes', type: 'gauge' } });
  assert.match(text, /^# HELP container_memory_working_set_bytes \[STABLE\] Current working set of the container in bytes\n# TYPE container_memory_working_set_bytes gauge\n/);
  assert.equal(text.match(/# TYPE/g)?.length, 1, 'one TYPE line per family');
  assert.deepEqual(parseSamples(text), samples);
});

test('malformed lines are rejected with their line number', () => {
  assert.throws(() => parseSamples('ok 1\nbad{a="1" 2\n'), /line 2: expected ',' or '}' after label a/);
  assert.throws(() => parseSamples('m{a="1"}\n'), /line 1: expected "value \[timestamp\]"/);
  assert.throws(() => parseSamples('m abc\n'), /line 1: "abc" is not a sample value/);
  assert.throws(() => parseSamples('m 1 2.5\n'), /line 1: "2.5" is not a timestamp/);
  assert.throws(() => parseSamples('{a="1"} 1\n'), /line 1: expected a metric name/);
});
