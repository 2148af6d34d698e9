// Extended attributes through getfattr/setfattr (Node has no xattr API), many files per spawn, in
// getfattr's dump format:
//
//   # file: <path>
//   <name>=0x<hex value>
//   <blank line>
//
// Paths and names escape bytes as "\ooo" (octal) the way getfattr does; setfattr undoes it.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { internal } from '../../util/errors.ts';
import { runCommand } from '../../util/exec.ts';
import { byteStringFrom, byteStringOf } from './byte-string.ts';

/** Attributes by name (a byte string) with raw values. */
export type Xattrs = Map<string, Buffer>;

const FILE_LINE = '# file: ';

/**
 * Escapes a byte string for the dump: control bytes, space, DEL and above, "\" and "=" become "\ooo".
 * getfattr escapes fewer bytes, but setfattr reads any "\ooo".
 */
export function escapeDumpText(byteString: string): string {
  return byteString.replace(/[\x00-\x20\x7f-\xff\\=]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

export function unescapeDumpText(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8) & 0xff));
}

/** A dump for `setfattr --restore`; paths are absolute byte strings. */
export function formatXattrDump(files: Iterable<[string, Xattrs]>): Buffer {
  let text = '';
  for (const [file, xattrs] of files) {
    if (xattrs.size === 0) continue;
    text += `${FILE_LINE}${escapeDumpText(file)}\n`;
    for (const [name, value] of xattrs) text += `${escapeDumpText(name)}=0x${value.toString('hex')}\n`;
    text += '\n';
  }
  return Buffer.from(text, 'latin1');
}

/** Parses `getfattr -d -e hex` output; keys are the paths as printed, as byte strings. */
export function parseXattrDump(dump: Buffer): Map<string, Xattrs> {
  const files = new Map<string, Xattrs>();
  let current: Xattrs | undefined;
  for (const line of byteStringFrom(dump).split('\n')) {
    if (line.startsWith(FILE_LINE)) {
      current = new Map();
      files.set(unescapeDumpText(line.slice(FILE_LINE.length)), current);
    } else if (line === '') {
      current = undefined;
    } else if (current !== undefined) {
      const equals = line.indexOf('=');
      const name = unescapeDumpText(equals === -1 ? line : line.slice(0, equals));
      const value = equals === -1 ? '' : line.slice(equals + 1);
      if (!/^0x([0-9a-fA-F]{2})*$/.test(value) && value !== '') {
        throw internal(`getfattr printed an attribute value that is not hex: ${JSON.stringify(line)}`);
      }
      current.set(name, Buffer.from(value.slice(2), 'hex'));
    }
  }
  return files;
}

/** Sets the given attributes with one setfattr, never following a final symlink. */
export async function restoreXattrs(files: Iterable<[string, Xattrs]>): Promise<void> {
  const dump = formatXattrDump(files);
  if (dump.length === 0) return;
  await runCommand('setfattr', ['-h', '--restore=-'], { input: dump });
}

/**
 * Every extended attribute under `dir` (not following symlinks), with one getfattr, keyed by path
 * relative to `dir` as a byte string. Files without attributes are absent; `dir` itself is "".
 */
export async function readXattrTree(dir: string): Promise<Map<string, Xattrs>> {
  const absolute = path.resolve(dir);
  const dump = await runForStdout('getfattr', ['-R', '-h', '-d', '-m', '-', '-e', 'hex', '--absolute-names', '--', absolute]);
  const base = byteStringOf(absolute);
  const byRelative = new Map<string, Xattrs>();
  for (const [file, xattrs] of parseXattrDump(dump)) {
    if (file === base) byRelative.set('', xattrs);
    else if (file.startsWith(`${base}/`)) byRelative.set(file.slice(base.length + 1), xattrs);
    else throw internal(`getfattr printed a path outside ${dir}: ${JSON.stringify(file)}`);
  }
  return byRelative;
}

/**
 * Runs a program and returns its stdout as bytes. runCommand decodes stdout as UTF-8, which would
 * mangle file names that are not valid UTF-8.
 */
function runForStdout(command: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err) => reject(internal(`cannot run ${command}: ${err.message}`, err)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(Buffer.concat(stdout));
      const why = Buffer.concat(stderr).toString().trim() || (signal ? `killed by ${signal}` : `exit status ${code}`);
      reject(internal(`${command} ${args.join(' ')}: ${why}`));
    });
  });
}
