// How deletions are written down. OCI layers use marker files (".wh.<name>" hides <name> of the
// layers below, ".wh..wh..opq" hides everything below in its directory); overlayfs uses a character
// device 0:0 named <name>, and the xattr trusted.overlay.opaque="y" on the directory.

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';
/** Names starting with this are reserved for the layer format's own use (AUFS's .wh..wh.plnk etc.). */
const META_PREFIX = '.wh..wh.';

export const OVERLAY_OPAQUE_XATTR = 'trusted.overlay.opaque';

/** What a basename in an OCI layer means. */
export type WhiteoutKind =
  | { kind: 'none' }
  | { kind: 'opaque' }
  | { kind: 'meta' } // reserved, ignored
  | { kind: 'whiteout'; target: string }
  | { kind: 'invalid'; reason: string };

/** Whether a path component is reserved for the format (AUFS's .wh..wh.plnk directory, say). */
export function isReservedComponent(component: string): boolean {
  return component.startsWith(META_PREFIX);
}

export function classifyBasename(basename: string): WhiteoutKind {
  if (!basename.startsWith(WHITEOUT_PREFIX)) return { kind: 'none' };
  if (basename === OPAQUE_MARKER) return { kind: 'opaque' };
  if (basename.startsWith(META_PREFIX)) return { kind: 'meta' };
  const target = basename.slice(WHITEOUT_PREFIX.length);
  if (target === '' || target === '.' || target === '..' || target.includes('/')) {
    return { kind: 'invalid', reason: `whiteout names no file in its directory (${JSON.stringify(target)})` };
  }
  return { kind: 'whiteout', target };
}

/** An overlayfs whiteout is a character device with device number 0:0. */
export function isOverlayWhiteout(stat: { isCharacterDevice(): boolean; rdev: number | bigint }): boolean {
  return stat.isCharacterDevice() && Number(stat.rdev) === 0;
}
