// `--label k=v`, `--opt k=v` and friends: repeated KEY[=VALUE] flags as an object.
export function keyValues(entries: string[]): Record<string, string> {
  return Object.fromEntries(
    entries.map((entry) => {
      const eq = entry.indexOf('=');
      return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
    }),
  );
}
