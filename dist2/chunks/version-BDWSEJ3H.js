import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  minatoVersion
} from "./chunk-X43TCM6R.js";
import {
  compileTemplate
} from "./chunk-5AGIFM7I.js";
import "./chunk-UU4MRRHX.js";
import {
  DaemonError,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/version.ts
var clientVersion = minatoVersion();
function printClientVersion() {
  process.stdout.write(`Minato version ${clientVersion}
`);
}
function run(argv, context) {
  return runVerb(
    {
      name: "version",
      usage: "[OPTIONS]",
      description: "Show the Minato version information",
      args: { min: 0, max: 0 },
      configure: (command) => command.option("-f, --format <string>", "Format output using a custom template"),
      action: async (_args, options, client) => {
        const clientInfo = { Version: clientVersion, ApiVersion: "1.50", Os: "linux", Arch: process.arch === "x64" ? "amd64" : process.arch, GoVersion: `node${process.versions.node}` };
        let server;
        let serverError;
        try {
          server = await client.json("GET", "/version");
        } catch (err) {
          serverError = err;
        }
        if (options.format) {
          process.stdout.write(`${compileTemplate(options.format)({ Client: clientInfo, Server: server })}
`);
        } else {
          const lines = ["Client:", ` Version:           ${clientInfo.Version}`, ` API version:       ${clientInfo.ApiVersion}`, ` Node.js version:   ${process.versions.node}`, ` OS/Arch:           ${clientInfo.Os}/${clientInfo.Arch}`];
          if (server) {
            lines.push("", "Server: Minato Engine", " Engine:", `  Version:          ${server.Version}`, `  API version:      ${server.ApiVersion} (minimum version ${server.MinAPIVersion})`, `  OS/Arch:          ${server.Os}/${server.Arch}`, `  Kernel version:   ${server.KernelVersion}`);
            for (const component of server.Components ?? []) if (component.Name !== "Engine") lines.push(` ${component.Name}:`, `  Version:          ${component.Version || "unknown"}`);
          }
          process.stdout.write(`${lines.join("\n")}
`);
        }
        if (serverError) {
          process.stderr.write(`${serverError instanceof DaemonError ? `Error response from daemon: ${serverError.message}` : serverError.message}
`);
          return 1;
        }
        return 0;
      }
    },
    argv,
    context
  );
}
export {
  printClientVersion,
  run
};
