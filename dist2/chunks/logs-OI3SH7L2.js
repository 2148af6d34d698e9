import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  FrameReader
} from "./chunk-AZI556CR.js";
import {
  UsageError,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/logs.ts
function parseTimeFlag(value, flag, now = Date.now()) {
  if (value === void 0 || value === "") return void 0;
  if (/^\d+(\.\d+)?$/.test(value)) return value;
  const duration = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(value);
  if (duration && value !== "") {
    const [, h = "0", m = "0", s = "0"] = duration;
    const seconds = Number(h) * 3600 + Number(m) * 60 + Number(s);
    return (now / 1e3 - seconds).toFixed(9);
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new UsageError(`invalid value for "${flag}": failed to parse value as time or duration: "${value}"`);
  return (parsed / 1e3).toFixed(9);
}
function run(argv, context) {
  return runVerb(
    {
      name: "logs",
      usage: "[OPTIONS] CONTAINER",
      description: "Fetch the logs of a container",
      args: { min: 1, max: 1 },
      configure: (command) => command.option("-f, --follow", "Follow log output").option("-n, --tail <string>", "Number of lines to show from the end of the logs", "all").option("--since <string>", 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)').option("--until <string>", 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)').option("-t, --timestamps", "Show timestamps").option("--details", "Show extra details provided to logs"),
      action: async ([name], options, client) => {
        const info = await client.json("GET", `/containers/${encodeURIComponent(name)}/json`);
        const response = await client.call("GET", `/containers/${info.Id}/logs`, {
          query: {
            stdout: true,
            stderr: true,
            follow: !!options.follow,
            tail: options.tail,
            since: parseTimeFlag(options.since, "--since"),
            until: parseTimeFlag(options.until, "--until"),
            timestamps: !!options.timestamps
          }
        });
        const frames = new FrameReader();
        for await (const chunk of response) {
          if (info.Config.Tty) process.stdout.write(chunk);
          else for (const { stream, data } of frames.push(chunk)) (stream === 2 ? process.stderr : process.stdout).write(data);
        }
      }
    },
    argv,
    context
  );
}
export {
  parseTimeFlag,
  run
};
