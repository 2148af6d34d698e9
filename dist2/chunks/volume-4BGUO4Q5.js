import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  dispatchSubcommand
} from "./chunk-LPJ2DHJR.js";
import {
  filtersParam
} from "./chunk-B4AMXNCF.js";
import {
  printInspected
} from "./chunk-DNG7RU6E.js";
import {
  renderList
} from "./chunk-2E4PYTVK.js";
import "./chunk-5AGIFM7I.js";
import {
  humanSize
} from "./chunk-KA3WHFZC.js";
import "./chunk-UU4MRRHX.js";
import {
  DaemonError,
  collect,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/volume.ts
function keyValues(entries) {
  return Object.fromEntries(entries.map((entry) => {
    const eq = entry.indexOf("=");
    return eq < 0 ? [entry, ""] : [entry.slice(0, eq), entry.slice(eq + 1)];
  }));
}
var create = {
  run: (argv, context) => runVerb(
    {
      name: "volume create",
      usage: "[OPTIONS] [VOLUME]",
      description: "Create a volume",
      args: { min: 0, max: 1 },
      configure: (command) => command.option("-d, --driver <string>", "Specify volume driver name", "local").option("--label <list>", "Set metadata for a volume", collect, []).option("-o, --opt <map>", "Set driver specific options", collect, []).option("--name <string>", "Specify volume name"),
      action: async ([name], options, client) => {
        const volume = await client.json("POST", "/volumes/create", {
          body: { Name: name ?? options.name ?? "", Driver: options.driver, DriverOpts: keyValues(options.opt), Labels: keyValues(options.label) }
        });
        process.stdout.write(`${volume.Name}
`);
      }
    },
    argv,
    context
  )
};
var list = {
  run: (argv, context) => runVerb(
    {
      name: "volume ls",
      usage: "[OPTIONS]",
      description: "List volumes",
      args: { min: 0, max: 0 },
      configure: (command) => command.option("-q, --quiet", "Only display volume names").option("-f, --filter <filter>", "Provide filter values", collect, []).option("--format <string>", "Format output using a custom template"),
      action: async (_args, options, client) => {
        const { Volumes } = await client.json("GET", "/volumes", { query: { filters: filtersParam(options.filter) } });
        const volumes = Volumes ?? [];
        if (options.quiet) {
          process.stdout.write(volumes.map((volume) => `${volume.Name}
`).join(""));
          return;
        }
        const columns = [
          { header: "DRIVER", field: "Driver", value: (v) => v.Driver },
          { header: "VOLUME NAME", field: "Name", value: (v) => v.Name },
          { header: "MOUNTPOINT", field: "Mountpoint", value: (v) => v.Mountpoint }
        ];
        process.stdout.write(renderList(volumes, columns.slice(0, options.format ? 3 : 2), options.format));
      }
    },
    argv,
    context
  )
};
var inspect = {
  run: (argv, context) => runVerb(
    {
      name: "volume inspect",
      usage: "[OPTIONS] VOLUME [VOLUME...]",
      description: "Display detailed information on one or more volumes",
      args: { min: 1 },
      configure: (command) => command.option("-f, --format <string>", "Format output using a custom template"),
      action: async (names, options, client) => {
        const found = [];
        let failed = false;
        for (const name of names) {
          try {
            found.push(await client.json("GET", `/volumes/${encodeURIComponent(name)}`));
          } catch (err) {
            if (!(err instanceof DaemonError)) throw err;
            failed = true;
            process.stderr.write(`Error response from daemon: ${err.message}
`);
          }
        }
        if (found.length > 0 || !failed) await printInspected(found, options.format);
        return failed ? 1 : 0;
      }
    },
    argv,
    context
  )
};
var remove = {
  run: (argv, context) => runVerb(
    {
      name: "volume rm",
      usage: "[OPTIONS] VOLUME [VOLUME...]",
      description: "Remove one or more volumes",
      args: { min: 1 },
      configure: (command) => command.option("-f, --force", "Force the removal of one or more volumes"),
      action: async (names, options, client) => {
        let failed = false;
        for (const name of names) {
          try {
            await client.status("DELETE", `/volumes/${encodeURIComponent(name)}`, { query: { force: !!options.force } });
            process.stdout.write(`${name}
`);
          } catch (err) {
            if (!(err instanceof DaemonError)) throw err;
            failed = true;
            process.stderr.write(`Error response from daemon: ${err.message}
`);
          }
        }
        return failed ? 1 : 0;
      }
    },
    argv,
    context
  )
};
var prune = {
  run: (argv, context) => runVerb(
    {
      name: "volume prune",
      usage: "[OPTIONS]",
      description: "Remove unused local volumes",
      args: { min: 0, max: 0 },
      configure: (command) => command.option("-a, --all", "Remove all unused volumes, not just anonymous ones").option("-f, --force", "Do not prompt for confirmation").option("--filter <filter>", "Provide filter values", collect, []),
      action: async (_args, options, client) => {
        const filters = [...options.filter, ...options.all ? ["all=true"] : []];
        const result = await client.json("POST", "/volumes/prune", { query: { filters: filtersParam(filters) } });
        const deleted = result.VolumesDeleted ?? [];
        if (deleted.length > 0) process.stdout.write(`Deleted Volumes:
${deleted.map((name) => `${name}
`).join("")}
`);
        process.stdout.write(`Total reclaimed space: ${humanSize(result.SpaceReclaimed)}
`);
      }
    },
    argv,
    context
  )
};
function run(argv, context) {
  return dispatchSubcommand("volume", "Manage volumes", { create: async () => create, ls: async () => list, list: async () => list, inspect: async () => inspect, rm: async () => remove, remove: async () => remove, prune: async () => prune }, argv, context);
}
export {
  run
};
