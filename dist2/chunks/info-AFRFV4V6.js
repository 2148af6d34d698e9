import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  compileTemplate
} from "./chunk-5AGIFM7I.js";
import {
  binarySize
} from "./chunk-KA3WHFZC.js";
import "./chunk-UU4MRRHX.js";
import {
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/info.ts
function run(argv, context) {
  return runVerb(
    {
      name: "info",
      usage: "[OPTIONS]",
      description: "Display system-wide information",
      args: { min: 0, max: 0 },
      configure: (command) => command.option("-f, --format <string>", "Format output using a custom template"),
      action: async (_args, options, client) => {
        const info = await client.json("GET", "/info");
        if (options.format) {
          process.stdout.write(`${compileTemplate(options.format)(info)}
`);
          return;
        }
        const lines = [
          "Server:",
          ` Containers: ${info.Containers}`,
          `  Running: ${info.ContainersRunning}`,
          `  Paused: ${info.ContainersPaused}`,
          `  Stopped: ${info.ContainersStopped}`,
          ` Images: ${info.Images}`,
          ` Server Version: ${info.ServerVersion}`,
          ` Storage Driver: ${info.Driver}`,
          ` Logging Driver: ${info.LoggingDriver}`,
          ` Cgroup Driver: ${info.CgroupDriver}`,
          ` Cgroup Version: ${info.CgroupVersion}`,
          ` Runtimes: ${Object.keys(info.Runtimes).join(" ")}`,
          ` Default Runtime: ${info.DefaultRuntime}`,
          ` Init Binary: ${info.InitBinary}`,
          ` Security Options:`,
          ...info.SecurityOptions.map((option) => `  ${option.replace(/^name=/, "").replace(/,profile=/, "\n   Profile: ")}`),
          ` Kernel Version: ${info.KernelVersion}`,
          ` Operating System: ${info.OperatingSystem}`,
          ` OSType: ${info.OSType}`,
          ` Architecture: ${info.Architecture}`,
          ` CPUs: ${info.NCPU}`,
          ` Total Memory: ${binarySize(info.MemTotal)}`,
          ` Name: ${info.Name}`,
          ` Minato Root Dir: ${info.DockerRootDir}`,
          ` Live Restore Enabled: ${info.LiveRestoreEnabled}`
        ];
        for (const warning of info.Warnings ?? []) lines.push(`WARNING: ${warning}`);
        process.stdout.write(`${lines.join("\n")}
`);
      }
    },
    argv,
    context
  );
}
export {
  run
};
