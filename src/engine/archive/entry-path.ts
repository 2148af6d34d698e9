// Names inside a layer, checked before anything touches the disk. All strings are byte strings.
import { layerEntryError, quoted } from './layer-entry-error.ts';

/**
 * The components of an entry name below the root: "./a//b/" gives ["a", "b"], "./" gives [].
 * Refuses absolute names and ".." anywhere, even where it would stay inside.
 */
export function entryComponents(name: string): string[] {
  if (name.includes('\0')) throw layerEntryError(name, 'path contains a NUL byte');
  if (name.startsWith('/')) throw layerEntryError(name, 'path is absolute');
  const components = name.split('/').filter((c) => c !== '' && c !== '.');
  if (components.includes('..')) throw layerEntryError(name, 'path leaves the root: ".." components are not allowed');
  return components;
}

/** The components of a hardlink's target, which tar names like an entry: relative to the root. */
export function hardlinkTargetComponents(entryName: string, linkname: string): string[] {
  const target = `hardlink target ${quoted(linkname)}`;
  if (linkname === '') throw layerEntryError(entryName, 'hardlink has no target');
  if (linkname.includes('\0')) throw layerEntryError(entryName, `${target} contains a NUL byte`);
  if (linkname.startsWith('/')) throw layerEntryError(entryName, `${target} is absolute`);
  const components = linkname.split('/').filter((c) => c !== '' && c !== '.');
  if (components.includes('..')) throw layerEntryError(entryName, `${target} leaves the root: ".." components are not allowed`);
  if (components.length === 0) throw layerEntryError(entryName, `${target} is the root directory`);
  return components;
}

/**
 * Checks a symlink's target. Absolute targets are fine: they are resolved inside the container's
 * root when the container runs. A relative one is resolved lexically from the link's directory and
 * must not climb above the root.
 */
export function checkSymlinkTarget(entryName: string, linkComponents: readonly string[], target: string): void {
  if (target === '') throw layerEntryError(entryName, 'symlink has no target');
  if (target.includes('\0')) throw layerEntryError(entryName, 'symlink target contains a NUL byte');
  if (target.startsWith('/')) return;
  let depth = linkComponents.length - 1;
  for (const component of target.split('/')) {
    if (component === '' || component === '.') continue;
    depth += component === '..' ? -1 : 1;
    if (depth < 0) throw layerEntryError(entryName, `symlink target ${quoted(target)} leaves the root`);
  }
}
