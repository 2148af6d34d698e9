import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);

// src/cli/subcommands.ts
async function dispatchSubcommand(group, description, table, argv, context) {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    const lines = [`Usage:  minato ${group} COMMAND`, "", description, "", "Commands:", ...Object.keys(table).map((sub) => `  ${sub}`), "", `Run 'minato ${group} COMMAND --help' for more information on a command.`];
    (name ? process.stdout : process.stderr).write(`${lines.join("\n")}
`);
    return name ? 0 : 1;
  }
  const load = table[name];
  if (!load) {
    process.stderr.write(`minato ${group}: '${name}' is not a minato ${group} command.
See 'minato ${group} --help'
`);
    return 1;
  }
  const module = await load();
  return module.run(rest, { ...context, verb: `${group} ${name}` });
}

export {
  dispatchSubcommand
};
