// `--user` / USER resolution against the container's own /etc/passwd and /etc/group, with
// Docker's rules: names must exist; numbers need not; the primary group comes from passwd
// unless given; supplementary groups are those listing the user; HOME from passwd.
import { invalidArgument } from '../../util/errors.ts';

export interface ExecUser {
  uid: number;
  gid: number;
  additionalGids: number[];
  home: string;
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

const maxId = 2 ** 31 - 1;

export function parsePasswd(text: string | undefined): PasswdEntry[] {
  return (text ?? '').split('\n').flatMap((line) => {
    const fields = line.split(':');
    if (line.startsWith('#') || fields.length < 7) return [];
    const uid = Number(fields[2]);
    const gid = Number(fields[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) return [];
    return [{ name: fields[0]!, uid, gid, home: fields[5]! }];
  });
}

export function parseGroup(text: string | undefined): GroupEntry[] {
  return (text ?? '').split('\n').flatMap((line) => {
    const fields = line.split(':');
    if (line.startsWith('#') || fields.length < 4) return [];
    const gid = Number(fields[2]);
    if (!Number.isInteger(gid)) return [];
    return [{ name: fields[0]!, gid, members: fields[3]!.split(',').filter(Boolean) }];
  });
}

function numeric(value: string): number | undefined {
  if (!/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  if (n > maxId) throw invalidArgument(`user/group ID ${value} is out of range`);
  return n;
}

/** Resolves `spec` ("", "name", "uid", "name:group", "uid:gid", …) for a container. */
export function resolveUser(spec: string, passwdText: string | undefined, groupText: string | undefined): ExecUser {
  const [userPart = '', groupPart] = spec.split(':', 2);
  const passwd = parsePasswd(passwdText);
  const groups = parseGroup(groupText);

  const uidNumber = numeric(userPart);
  const userEntry = userPart === '' ? passwd.find((entry) => entry.uid === 0) : passwd.find((entry) => (uidNumber === undefined ? entry.name === userPart : entry.uid === uidNumber));
  if (!userEntry && uidNumber === undefined && userPart !== '') {
    throw invalidArgument(`unable to find user ${userPart}: no matching entries in passwd file`);
  }
  const uid = userEntry?.uid ?? uidNumber ?? 0;
  let gid = userEntry?.gid ?? 0;
  if (groupPart !== undefined && groupPart !== '') {
    const gidNumber = numeric(groupPart);
    if (gidNumber !== undefined) gid = gidNumber;
    else {
      const groupEntry = groups.find((entry) => entry.name === groupPart);
      if (!groupEntry) throw invalidArgument(`unable to find group ${groupPart}: no matching entries in group file`);
      gid = groupEntry.gid;
    }
  }
  const additionalGids = userEntry
    ? [...new Set(groups.filter((group) => group.members.includes(userEntry.name) && group.gid !== gid).map((group) => group.gid))]
    : [];
  return { uid, gid, additionalGids, home: userEntry?.home || '/' };
}
