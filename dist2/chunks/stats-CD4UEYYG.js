import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  renderList
} from "./chunk-2E4PYTVK.js";
import "./chunk-5AGIFM7I.js";
import {
  binarySize,
  humanSize
} from "./chunk-KA3WHFZC.js";
import "./chunk-UU4MRRHX.js";
import {
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/stats.ts
function cpuPercent(stats) {
  const cpuDelta = stats.cpu_stats.cpu_usage.total_usage - stats.precpu_stats.cpu_usage.total_usage;
  const systemDelta = stats.cpu_stats.system_cpu_usage - stats.precpu_stats.system_cpu_usage;
  const cpus = stats.cpu_stats.online_cpus || stats.cpu_stats.cpu_usage.percpu_usage?.length || 1;
  return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * cpus * 100 : 0;
}
function memoryUsage(stats) {
  const usage = stats.memory_stats.usage ?? 0;
  const inactive = stats.memory_stats.stats?.total_inactive_file ?? stats.memory_stats.stats?.inactive_file ?? 0;
  return inactive < usage ? usage - inactive : usage;
}
function row(stats) {
  const memory = memoryUsage(stats);
  const limit = stats.memory_stats.limit ?? 0;
  const networks = Object.values(stats.networks ?? {});
  const rx = networks.reduce((sum, n) => sum + n.rx_bytes, 0);
  const tx = networks.reduce((sum, n) => sum + n.tx_bytes, 0);
  const blkio = stats.blkio_stats.io_service_bytes_recursive ?? [];
  const read = blkio.filter((entry) => entry.op === "read").reduce((sum, entry) => sum + entry.value, 0);
  const write = blkio.filter((entry) => entry.op === "write").reduce((sum, entry) => sum + entry.value, 0);
  return {
    id: stats.id,
    name: stats.name.replace(/^\//, ""),
    cpu: `${cpuPercent(stats).toFixed(2)}%`,
    mem: `${binarySize(memory)} / ${binarySize(limit)}`,
    memPercent: `${(limit > 0 ? memory / limit * 100 : 0).toFixed(2)}%`,
    net: `${humanSize(rx)} / ${humanSize(tx)}`,
    block: `${humanSize(read)} / ${humanSize(write)}`,
    pids: String(stats.pids_stats.current ?? 0)
  };
}
var columns = [
  { header: "CONTAINER ID", field: "ID", value: (r) => r.id.slice(0, 12) },
  { header: "NAME", field: "Name", value: (r) => r.name },
  { header: "CPU %", field: "CPUPerc", value: (r) => r.cpu },
  { header: "MEM USAGE / LIMIT", field: "MemUsage", value: (r) => r.mem },
  { header: "MEM %", field: "MemPerc", value: (r) => r.memPercent },
  { header: "NET I/O", field: "NetIO", value: (r) => r.net },
  { header: "BLOCK I/O", field: "BlockIO", value: (r) => r.block },
  { header: "PIDS", field: "PIDs", value: (r) => r.pids }
];
async function collectRows(client, names) {
  return Promise.all(names.map(async (name) => row(await client.json("GET", `/containers/${encodeURIComponent(name)}/stats`, { query: { stream: false } }))));
}
function run(argv, context) {
  return runVerb(
    {
      name: "stats",
      usage: "[OPTIONS] [CONTAINER...]",
      description: "Display a live stream of container(s) resource usage statistics",
      configure: (command) => command.option("--no-stream", "Disable streaming stats and only pull the first result").option("-a, --all", "Show all containers (default shows just running)").option("--no-trunc", "Do not truncate output").option("--format <string>", "Format output using a custom template"),
      action: async (args, options, client) => {
        const format = options.format;
        const targets = async () => args.length > 0 ? args : (await client.json("GET", "/containers/json", { query: { all: !!options.all } })).map((c) => c.Id);
        if (options.stream === false) {
          process.stdout.write(renderList(await collectRows(client, await targets()), columns, format));
          return;
        }
        for (; ; ) {
          const rows = await collectRows(client, await targets());
          process.stdout.write(`\x1B[2J\x1B[H${renderList(rows, columns, format)}`);
        }
      }
    },
    argv,
    context
  );
}
export {
  cpuPercent,
  memoryUsage,
  run
};
