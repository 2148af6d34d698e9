// `RUN --mount=...` and `RUN --device=...` specifications: comma-separated `key=value` fields in CSV
// syntax (a field may be double-quoted), parsed with BuildKit's rules. At parse time only the static
// rule is checked (a `from=` value may not use variables); the full parse happens after the builder
// has expanded variables in each value (see expansion.ts). Whether Minato supports a mount type is
// the builder's decision, not this file's.
import { invalidArgument } from '../../../util/errors.ts';
import { withSuggestion } from './suggest.ts';

export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';
export type CacheSharing = 'shared' | 'private' | 'locked';

export interface RunMount {
  type: MountType;
  /** Stage name, stage index or image to mount from (bind, cache). */
  from?: string;
  source?: string;
  target?: string;
  readOnly: boolean;
  /** tmpfs size in bytes. */
  sizeLimit?: number;
  /** Cache or secret id. */
  id?: string;
  sharing?: CacheSharing;
  /** secret/ssh: fail when not provided. */
  required: boolean;
  /** secret: expose as this environment variable. */
  env?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

export interface RunDevice {
  name: string;
  required: boolean;
}

const mountTypes: readonly MountType[] = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const sharingModes: readonly CacheSharing[] = ['shared', 'private', 'locked'];
const mountKeys = ['type', 'from', 'source', 'target', 'readonly', 'id', 'sharing', 'required', 'size', 'mode', 'uid', 'gid', 'src', 'dst', 'destination', 'ro', 'rw', 'readwrite', 'env'];

/** One line of CSV (Go encoding/csv rules, no lazy quotes): `a,"b,c",d` → a | b,c | d. */
export function csvFields(line: string): string[] {
  let text = line.endsWith('\r\n') ? line.slice(0, -2) : line.endsWith('\n') ? line.slice(0, -1) : line;
  if (text === '') throw invalidArgument('EOF');
  const fields: string[] = [];
  for (;;) {
    if (!text.startsWith('"')) {
      const comma = text.indexOf(',');
      const field = comma < 0 ? text : text.slice(0, comma);
      if (field.includes('"')) throw invalidArgument(`bare " in non-quoted-field`);
      fields.push(field);
      if (comma < 0) return fields;
      text = text.slice(comma + 1);
      continue;
    }
    let field = '';
    text = text.slice(1);
    for (;;) {
      const q = text.indexOf('"');
      if (q < 0) throw invalidArgument(`extraneous or missing " in quoted-field`);
      field += text.slice(0, q);
      text = text.slice(q + 1);
      if (text.startsWith('"')) {
        field += '"';
        text = text.slice(1);
        continue;
      }
      if (text.startsWith(',')) {
        fields.push(field);
        text = text.slice(1);
        break;
      }
      if (text === '') {
        fields.push(field);
        return fields;
      }
      throw invalidArgument(`extraneous or missing " in quoted-field`);
    }
  }
}

function parseBool(key: string, value: string): boolean {
  // Go's strconv.ParseBool.
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw invalidArgument(`invalid value for ${key}: ${value}`);
}

function parseUint(value: string, base: 8 | 10, what: string): number {
  const ok = base === 8 ? /^[0-7]+$/u.test(value) : /^[0-9]+$/u.test(value);
  const n = ok ? Number.parseInt(value, base) : NaN;
  if (!Number.isSafeInteger(n) || n > 0xffffffff) throw invalidArgument(`invalid value ${value} for ${what}`);
  return n;
}

/** docker/go-units RAMInBytes: "64m", "1.5GiB", "1024" (binary multiples). */
export function ramInBytes(value: string): number {
  const m = /^(\d+(?:\.\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$/u.exec(value);
  if (m === null) throw invalidArgument(`invalid size: '${value}'`);
  const exponent = m[2] === undefined ? 0 : 'kmgtp'.indexOf(m[2].toLowerCase()) + 1;
  return Math.trunc(Number.parseFloat(m[1]!) * 1024 ** exponent);
}

/**
 * Parses a --mount value. Without `expand`, this is BuildKit's parse-time check: only `from` is
 * looked at (it may not contain variables) and a partial mount is returned. With `expand` (each
 * value is passed through it), the full mount is returned or an error says what is wrong.
 */
export function parseRunMount(spec: string, expand?: (word: string) => string): RunMount {
  let fields: string[];
  try {
    fields = csvFields(spec);
  } catch (err) {
    throw invalidArgument(`failed to parse csv mounts: ${(err as Error).message}`);
  }
  const m: RunMount = { type: 'bind', readOnly: false, required: false };
  let roAuto = true;
  for (const field of fields) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    let value = eq < 0 ? '' : field.slice(eq + 1);
    if (eq < 0) {
      if (expand === undefined) continue;
      if (key === 'readonly' || key === 'ro') {
        m.readOnly = true;
        roAuto = false;
      } else if (key === 'readwrite' || key === 'rw') {
        m.readOnly = false;
        roAuto = false;
      } else if (key === 'required') {
        if (m.type !== 'secret' && m.type !== 'ssh') throw invalidArgument(`unexpected key '${key}' for mount type '${m.type}'`);
        m.required = true;
      } else {
        throw invalidArgument(`invalid field '${field}' must be a key=value pair`);
      }
      continue;
    }
    if (expand !== undefined) {
      value = expand(value);
    } else {
      if (key === 'from') {
        const dollar = value.indexOf('$');
        if (dollar !== -1 && dollar !== value.length - 1) {
          throw invalidArgument(`'${key}' doesn't support variable expansion, define alias stage instead`);
        }
      }
      continue;
    }
    switch (key) {
      case 'type': {
        const t = value.toLowerCase() as MountType;
        if (!mountTypes.includes(t)) throw invalidArgument(withSuggestion(`unsupported mount type "${value}"`, value, mountTypes, true));
        m.type = t;
        break;
      }
      case 'from':
        m.from = value;
        break;
      case 'source':
      case 'src':
        m.source = value;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        m.target = value;
        break;
      case 'readonly':
      case 'ro':
        m.readOnly = parseBool(key, value);
        roAuto = false;
        break;
      case 'readwrite':
      case 'rw':
        m.readOnly = !parseBool(key, value);
        roAuto = false;
        break;
      case 'required':
        if (m.type !== 'secret' && m.type !== 'ssh') throw invalidArgument(`unexpected key '${key}' for mount type '${m.type}'`);
        m.required = parseBool(key, value);
        break;
      case 'size':
        if (m.type !== 'tmpfs') throw invalidArgument(`unexpected key '${key}' for mount type '${m.type}'`);
        try {
          m.sizeLimit = ramInBytes(value);
        } catch {
          throw invalidArgument(`invalid value for ${key}: ${value}`);
        }
        break;
      case 'id':
        m.id = value;
        break;
      case 'sharing': {
        const s = value.toLowerCase() as CacheSharing;
        if (!sharingModes.includes(s)) throw invalidArgument(withSuggestion(`unsupported sharing value "${value}"`, value, sharingModes, true));
        m.sharing = s;
        break;
      }
      case 'mode':
        m.mode = parseUint(value, 8, 'mode');
        break;
      case 'uid':
        m.uid = parseUint(value, 10, 'uid');
        break;
      case 'gid':
        m.gid = parseUint(value, 10, 'gid');
        break;
      case 'env':
        m.env = value;
        break;
      default:
        throw invalidArgument(withSuggestion(`unexpected key '${key}' in '${field}'`, key, mountKeys, true));
    }
  }
  const fileInfoAllowed = m.type === 'secret' || m.type === 'ssh' || m.type === 'cache';
  if (!fileInfoAllowed) {
    for (const k of ['mode', 'uid', 'gid'] as const) {
      if (m[k] !== undefined) throw invalidArgument(`${k} not allowed for "${m.type}" type mounts`);
    }
  }
  // Unless told otherwise, caches and tmpfs are writable, everything else read-only.
  if (roAuto) m.readOnly = !(m.type === 'cache' || m.type === 'tmpfs');
  if (m.type === 'secret') {
    if (m.from !== undefined && m.from !== '') throw invalidArgument('secret mount should not have a from');
    if (m.sharing !== undefined) throw invalidArgument('secret mount should not define sharing');
    if (!m.source && !m.target && !m.id) throw invalidArgument('invalid secret mount. one of source, target required');
    if (m.source && m.id) throw invalidArgument("both source and id can't be set");
  }
  if (m.sharing !== undefined && m.type !== 'cache') throw invalidArgument(`invalid cache sharing set for ${m.type} mount`);
  return m;
}

/** Parses a --device value: `name[,required[=bool]]` or `name=...`. */
export function parseRunDevice(spec: string): RunDevice {
  let fields: string[];
  try {
    fields = csvFields(spec);
  } catch (err) {
    throw invalidArgument(`failed to parse csv devices: ${(err as Error).message}`);
  }
  const d: RunDevice = { name: '', required: false };
  for (const field of fields) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : field.slice(eq + 1);
    if (eq < 0) {
      if (key === 'required') d.required = true;
      else if (d.name === '') d.name = field;
      else throw invalidArgument(`invalid field '${field}' must be a key=value pair`);
      continue;
    }
    if (key === 'name') {
      if (d.name !== '') throw invalidArgument(`device name already set to ${d.name}`);
      d.name = value;
    } else if (key === 'required') {
      d.required = parseBool(key, value);
    } else if (d.name === '') {
      d.name = field;
    } else {
      throw invalidArgument(withSuggestion(`unexpected key '${key}' in '${field}'`, key, ['name', 'required'], true));
    }
  }
  return d;
}
