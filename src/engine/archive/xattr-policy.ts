// Which extended attributes a layer may carry. Only user.* and security.capability travel: the
// trusted.* namespace (trusted.overlay.* in particular) steers overlayfs and must never come from
// an image, security.selinux and the like belong to the host, and user.overlay.* is overlayfs's
// namespace when it is mounted with "userxattr".

export function isLayerXattr(name: string): boolean {
  if (name === 'security.capability') return true;
  return name.startsWith('user.') && !name.startsWith('user.overlay.');
}
