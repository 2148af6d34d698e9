// The layering rules of ARCHITECTURE.md, checked on every test run:
//   util ← engine ← cluster ← cli  (a layer imports only layers to its left)
//   the client, controllers, scheduler and agent never import cluster storage or the apiserver.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', 'src');
const order = ['util', 'engine', 'cluster', 'cli'];

function layerOf(file: string): string {
  const relative = path.relative(root, file);
  return relative.includes(path.sep) ? relative.split(path.sep)[0]! : 'main';
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const problems: string[] = [];
for (const file of files(root)) {
  const source = readFileSync(file, 'utf8');
  const from = layerOf(file);
  for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    const target = path.resolve(path.dirname(file), match[1] ?? match[2]!);
    const to = layerOf(target);
    const relativeFile = path.relative(root, file);
    if (from !== 'main' && to !== 'main' && order.indexOf(to) > order.indexOf(from)) {
      problems.push(`${relativeFile}: ${from}/ must not import ${to}/ (${match[1] ?? match[2]})`);
    }
    const clusterPart = (p: string) => path.relative(path.join(root, 'cluster'), p).split(path.sep)[0];
    if (from === 'cluster' && ['client', 'controllers', 'scheduler', 'agent'].includes(clusterPart(file)!) && ['storage', 'apiserver'].includes(clusterPart(target)!)) {
      problems.push(`${relativeFile}: ${clusterPart(file)} must talk to the API server through cluster/client, not import cluster/${clusterPart(target)}`);
    }
  }
}
if (problems.length > 0) {
  console.error(`layering violations:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`layering: ${files(root).length} files checked, no violations`);
