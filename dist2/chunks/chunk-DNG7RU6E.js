import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  compileTemplate
} from "./chunk-5AGIFM7I.js";
import {
  CliFailure,
  DaemonError,
  UsageError,
  runVerb
} from "./chunk-YXJJQ5AZ.js";

// src/cli/commands/inspect.ts
var paths = {
  container: (name) => `/containers/${encodeURIComponent(name)}/json`,
  image: (name) => `/images/${name}/json`,
  volume: (name) => `/volumes/${encodeURIComponent(name)}`
};
async function lookup(client, name, type) {
  const types = type ? [type] : ["container", "image", "volume"];
  for (const candidate of types) {
    try {
      return await client.json("GET", paths[candidate](name));
    } catch (err) {
      if (!(err instanceof DaemonError) || err.status !== 404) throw err;
    }
  }
  throw new CliFailure(`Error: No such ${type ?? "object"}: ${name}`, 1);
}
async function printInspected(objects, format) {
  if (format) {
    const render = compileTemplate(format);
    process.stdout.write(objects.map((object) => `${render(object)}
`).join(""));
  } else {
    process.stdout.write(`${JSON.stringify(objects, null, 4)}
`);
  }
}
async function inspectAll(client, names, type, format) {
  if (type && !(type in paths)) throw new UsageError(`"${type}" is not a valid value for --type`);
  const found = [];
  let failed = false;
  for (const name of names) {
    try {
      found.push(await lookup(client, name, type));
    } catch (err) {
      if (!(err instanceof CliFailure)) throw err;
      failed = true;
      process.stderr.write(`${err.message}
`);
    }
  }
  if (found.length > 0 || !failed) await printInspected(found, format);
  return failed ? 1 : 0;
}
function run(argv, context) {
  return runVerb(
    {
      name: "inspect",
      usage: "[OPTIONS] NAME|ID [NAME|ID...]",
      description: "Return low-level information on Minato objects",
      args: { min: 1 },
      configure: (command) => command.option("-f, --format <string>", "Format output using a custom template").option("--type <string>", "Only inspect objects of the given type").option("-s, --size", "Display total file sizes if the type is container"),
      action: (args, options, client) => inspectAll(client, args, options.type, options.format)
    },
    argv,
    context
  );
}

export {
  printInspected,
  inspectAll,
  run
};
