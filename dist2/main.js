import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import "./chunks/chunk-UR4QG67B.js";

// src/main.ts
import { enableCompileCache } from "node:module";

// src/cli/command-table.ts
var commandTable = [
  { name: "run", summary: "Create and run a new container from an image", load: () => import("./chunks/run-2FEQ6Z2J.js") },
  { name: "create", summary: "Create a new container", load: () => import("./chunks/create-JK7YY37D.js") },
  { name: "start", summary: "Start one or more stopped containers", load: () => import("./chunks/start-P4YNENTM.js") },
  { name: "stop", summary: "Stop one or more running containers", load: () => import("./chunks/stop-MFTF7PVB.js") },
  { name: "restart", summary: "Restart one or more containers", load: () => import("./chunks/restart-PJ3PWQJE.js") },
  { name: "kill", summary: "Kill one or more running containers", load: () => import("./chunks/kill-NE6SNS2I.js") },
  { name: "rm", summary: "Remove one or more containers", load: () => import("./chunks/rm-RAPBIPTS.js") },
  { name: "ps", summary: "List containers", load: () => import("./chunks/ps-NQBRWLZ5.js") },
  { name: "logs", summary: "Fetch the logs of a container", load: () => import("./chunks/logs-OI3SH7L2.js") },
  { name: "exec", summary: "Execute a command in a running container", load: () => import("./chunks/exec-BRPUJNNA.js") },
  { name: "attach", summary: "Attach local standard input, output, and error streams to a running container", load: () => import("./chunks/attach-CPEYZ4TF.js") },
  { name: "inspect", summary: "Return low-level information on containers, images or volumes", load: () => import("./chunks/inspect-M3Q3NR6J.js") },
  { name: "wait", summary: "Block until one or more containers stop, then print their exit codes", load: () => import("./chunks/wait-FNRAKILO.js") },
  { name: "stats", summary: "Display a live stream of container(s) resource usage statistics", load: () => import("./chunks/stats-CD4UEYYG.js") },
  { name: "rename", summary: "Rename a container", load: () => import("./chunks/rename-PJGT22S3.js") },
  { name: "commit", summary: "Create a new image from a container's changes", load: () => import("./chunks/commit-UVQS27B2.js") },
  { name: "images", summary: "List images", load: () => import("./chunks/images-C3KDFOQV.js") },
  { name: "import", summary: "Import the contents from a tarball to create a filesystem image", load: () => import("./chunks/import-WTTVP2PF.js") },
  { name: "load", summary: "Load an image from a tar archive or STDIN", load: () => import("./chunks/load-53ZL2NA7.js") },
  { name: "save", summary: "Save one or more images to a tar archive (streamed to STDOUT by default)", load: () => import("./chunks/save-IYR7SWGK.js") },
  { name: "tag", summary: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", load: () => import("./chunks/tag-JAVDBKUI.js") },
  { name: "rmi", summary: "Remove one or more images", load: () => import("./chunks/rmi-AEVX5BEH.js") },
  { name: "history", summary: "Show the history of an image", load: () => import("./chunks/history-RIGNOGHY.js") },
  { name: "image", summary: "Manage images", load: () => import("./chunks/image-K4OBTVFN.js") },
  { name: "container", summary: "Manage containers", load: () => import("./chunks/container-UF4RR3W3.js") },
  { name: "volume", summary: "Manage volumes", load: () => import("./chunks/volume-4BGUO4Q5.js") },
  { name: "version", summary: "Show the Minato version information", load: () => import("./chunks/version-BDWSEJ3H.js") },
  { name: "info", summary: "Display system-wide information", load: () => import("./chunks/info-AFRFV4V6.js") },
  { name: "daemon", summary: "Run the engine daemon (Docker Engine API)", load: () => import("./chunks/daemon-LUJ4M4NV.js") }
];
function findCommand(name) {
  return commandTable.find((entry) => entry.name === name || entry.aliases?.includes(name));
}

// src/main.ts
enableCompileCache?.();
var defaultHost = "unix:///run/minato/minato.sock";
function usage() {
  const lines = ["Usage:  minato [OPTIONS] COMMAND", "", "A container platform: a Docker-compatible engine and a Kubernetes-compatible orchestrator.", "", "Commands:"];
  for (const entry of commandTable) lines.push(`  ${entry.name.padEnd(10)} ${entry.summary}`);
  lines.push("", "Global Options:", "  -H, --host string   Daemon socket to connect to (default $MINATO_HOST or unix:///run/minato/minato.sock)", "  -v, --version        Print version information and quit", "", "Run 'minato COMMAND --help' for more information on a command.");
  return `${lines.join("\n")}
`;
}
async function main(argv) {
  let host = process.env.MINATO_HOST || defaultHost;
  let index = 0;
  for (; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === "-H" || arg === "--host") {
      const value = argv[++index];
      if (!value) {
        process.stderr.write(`flag needs an argument: ${arg}
`);
        return 125;
      }
      host = value;
    } else if (arg.startsWith("--host=")) host = arg.slice("--host=".length);
    else if (arg === "-v" || arg === "--version") {
      const { printClientVersion } = await import("./chunks/version-BDWSEJ3H.js");
      printClientVersion();
      return 0;
    } else if (arg === "-h" || arg === "--help") {
      process.stdout.write(usage());
      return 0;
    } else if (arg.startsWith("-")) {
      process.stderr.write(`unknown flag: ${arg}
See 'minato --help'.
`);
      return 125;
    } else break;
  }
  const verb = argv[index];
  if (!verb) {
    process.stdout.write(usage());
    return 0;
  }
  const entry = findCommand(verb);
  if (!entry) {
    process.stderr.write(`minato: '${verb}' is not a minato command.
See 'minato --help'
`);
    return 1;
  }
  const context = { host, verb };
  const module = await entry.load();
  return module.run(argv.slice(index + 1), context);
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`minato: ${err instanceof Error ? err.message : String(err)}
`);
    process.exitCode = 125;
  }
);
