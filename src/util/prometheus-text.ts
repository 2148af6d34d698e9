// The Prometheus text exposition format (version 0.0.4), the small subset the kubelet's
// /metrics/resource uses and metrics-server reads: `# HELP` / `# TYPE` comments, then one sample
// per line — `name{label="value",…} value [timestamp-ms]`. Hand-written rather than a library:
// npm has no small, maintained parser for it (prom-client only writes), and the subset is a few
// dozen lines. Not supported (rejected with the line number): exemplars and OpenMetrics `# EOF`.
//
//   formatSamples([{ name: 'node_cpu_usage_seconds_total', labels: {}, value: 12.5, timestampMs: Date.now() }], help)
//   parseSamples(text) → [{ name, labels, value, timestampMs? }]

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Milliseconds since the epoch, when the line carries one. */
  timestampMs?: number;
}

export interface MetricFamilyInfo {
  help: string;
  type: 'counter' | 'gauge' | 'untyped';
}

const namePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** Samples grouped by name in order of first appearance, each family with its HELP and TYPE when `families` describes it. */
export function formatSamples(samples: Sample[], families: Record<string, MetricFamilyInfo> = {}): string {
  const byName = new Map<string, Sample[]>();
  for (const sample of samples) byName.set(sample.name, [...(byName.get(sample.name) ?? []), sample]);
  const lines: string[] = [];
  for (const [name, group] of byName) {
    const info = families[name];
    if (info) lines.push(`# HELP ${name} ${info.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${info.type}`);
    for (const sample of group) {
      const labels = Object.entries(sample.labels).map(([key, value]) => `${key}="${escapeLabelValue(value)}"`);
      const timestamp = sample.timestampMs !== undefined ? ` ${Math.round(sample.timestampMs)}` : '';
      lines.push(`${name}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${formatValue(sample.value)}${timestamp}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function parseValue(text: string, where: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw new Error(`${where}: "${text}" is not a sample value`);
  return value;
}

/** The `{…}` label set starting at text[0] === '{': the labels and what follows the closing brace. */
function parseLabels(text: string, where: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1;
  const skipSpaces = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  for (;;) {
    skipSpaces();
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const name = labelNamePattern.exec(text.slice(i))?.[0];
    if (!name) throw new Error(`${where}: expected a label name at column ${i + 1}`);
    i += name.length;
    skipSpaces();
    if (text[i] !== '=') throw new Error(`${where}: expected '=' after label ${name}`);
    i++;
    skipSpaces();
    if (text[i] !== '"') throw new Error(`${where}: expected '"' to open the value of label ${name}`);
    i++;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Error(`${where}: the value of label ${name} is not closed`);
      i++;
      if (c === '"') break;
      if (c === '\\') {
        const escaped = text[i++];
        value += escaped === 'n' ? '\n' : (escaped ?? '');
      } else value += c;
    }
    labels[name] = value;
    skipSpaces();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new Error(`${where}: expected ',' or '}' after label ${name}`);
  }
}

/** Every sample in the text; comments and blank lines are skipped. Throws with the line number on a malformed line. */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `line ${index + 1}`;
    const name = namePattern.exec(line)?.[0];
    if (!name) throw new Error(`${where}: expected a metric name, got "${line.slice(0, 40)}"`);
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, where));
    const fields = rest.trim().split(/\s+/);
    if (fields.length < 1 || fields.length > 2 || fields[0] === '') throw new Error(`${where}: expected "value [timestamp]" after ${name}, got "${rest.trim()}"`);
    const sample: Sample = { name, labels, value: parseValue(fields[0]!, where) };
    if (fields[1] !== undefined) {
      const timestampMs = Number(fields[1]);
      if (!Number.isInteger(timestampMs)) throw new Error(`${where}: "${fields[1]}" is not a timestamp in milliseconds`);
      sample.timestampMs = timestampMs;
    }
    samples.push(sample);
  });
  return samples;
}
