// Device nodes, fifos and overlay whiteouts, made with mknod(1): Node has no mknod. They are made
// in one batch, one shell for all of them, since a spawn per node would dominate unpacking /dev.
import { runCommand } from '../../util/exec.ts';
import { bytesOf } from './byte-string.ts';

export interface SpecialNode {
  /** Absolute path, a byte string. Its parent must exist and must not be reachable through a symlink. */
  path: string;
  kind: 'char' | 'block' | 'fifo';
  major: number;
  minor: number;
  /** Permission bits. */
  mode: number;
}

/** Quotes a byte string as one shell word (single quotes keep every byte but "'" literal). */
export function shellQuote(byteString: string): string {
  return `'${byteString.replace(/'/g, `'\\''`)}'`;
}

/** The script that makes the nodes; mknod fails, and so does the script, if a path exists. */
export function mknodScript(nodes: readonly SpecialNode[]): Buffer {
  const lines = ['set -e'];
  for (const node of nodes) {
    const mode = (node.mode & 0o7777).toString(8).padStart(4, '0');
    const type = node.kind === 'fifo' ? 'p' : `${node.kind === 'char' ? 'c' : 'b'} ${node.major} ${node.minor}`;
    lines.push(`mknod -m ${mode} -- ${shellQuote(node.path)} ${type}`);
  }
  return bytesOf(`${lines.join('\n')}\n`);
}

export async function makeSpecialNodes(nodes: readonly SpecialNode[]): Promise<void> {
  if (nodes.length === 0) return;
  await runCommand('sh', ['-s'], { input: mknodScript(nodes) });
}
