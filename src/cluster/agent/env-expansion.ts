// Kubernetes' $(VAR) expansion (third_party/forked/golang/expansion): in a container's command,
// args and env values, $(NAME) becomes NAME's value when NAME is defined and stays as written
// when not; $$ is an escaped $ ("$$(X)" gives the literal "$(X)"); any other $ is itself.

/** Expands $(VAR) references in `input` with `lookup` (undefined: the reference stays as it is). */
export function expandVars(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch !== '$' || i + 1 >= input.length) {
      out += ch;
      i++;
      continue;
    }
    const next = input[i + 1]!;
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        // An unclosed reference is kept as it is.
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      const value = name === '' ? undefined : lookup(name);
      out += value ?? `$(${name})`;
      i = close + 1;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** A lookup over an env list (the last definition of a name wins, as in a process environment). */
export function envLookup(env: readonly { name: string; value: string }[]): (name: string) => string | undefined {
  const map = new Map(env.map((variable) => [variable.name, variable.value]));
  return (name) => map.get(name);
}
