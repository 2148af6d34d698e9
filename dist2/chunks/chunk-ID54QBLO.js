import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  addContainerFlags,
  createRequestBody
} from "./chunk-2N37BUMO.js";
import {
  pumpAttached,
  startFailureExitCode
} from "./chunk-SVSPA7UD.js";
import {
  CliFailure,
  DaemonError,
  runVerb
} from "./chunk-YXJJQ5AZ.js";

// src/cli/commands/run.ts
import { writeFileSync } from "node:fs";
async function createContainer(client, name, body) {
  try {
    const created = await client.json("POST", "/containers/create", { query: { name }, body });
    for (const warning of created.Warnings ?? []) process.stderr.write(`WARNING: ${warning}
`);
    return created.Id;
  } catch (err) {
    if (err instanceof DaemonError && err.status === 404 && err.message.startsWith("No such image")) {
      throw new CliFailure(`Unable to find image '${String(body.Image)}' locally
minato: Error response from daemon: ${err.message}.
See 'minato run --help'.`, 125);
    }
    throw err;
  }
}
function run(argv, context) {
  return runVerb(
    {
      name: "run",
      usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
      description: "Create and run a new container from an image",
      args: { min: 1 },
      passThrough: true,
      configure: (command) => {
        addContainerFlags(command);
        command.option("-d, --detach", "Run container in background and print container ID").option("--rm", "Automatically remove the container and its associated anonymous volumes when it exits");
      },
      action: async ([image, ...command], options, client) => {
        const flags = options;
        const detached = !!flags.detach;
        const body = createRequestBody(image, command, flags, { detached });
        body.HostConfig.AutoRemove = !!flags.rm;
        const id = await createContainer(client, flags.name, body);
        if (flags.cidfile) writeFileSync(flags.cidfile, id, { flag: "wx" });
        if (detached) {
          await startOrFail(client, id);
          process.stdout.write(`${id}
`);
          return 0;
        }
        const tty = !!flags.tty;
        const stdin = !!flags.interactive;
        const conn = await client.hijack(`/containers/${id}/attach`, { query: { stream: true, stdin, stdout: true, stderr: true } });
        const waitResponse = await client.call("POST", `/containers/${id}/wait`, { query: { condition: flags.rm ? "removed" : "next-exit" } });
        const exitStatus = readWaitStatus(waitResponse);
        const pumped = pumpAttached(client, conn, { tty, stdin, resizePath: `/containers/${id}/resize` });
        try {
          await startOrFail(client, id);
        } catch (err) {
          conn.destroy();
          throw err;
        }
        const stopProxy = tty ? () => void 0 : proxySignals(client, id);
        await pumped;
        stopProxy();
        return await exitStatus;
      }
    },
    argv,
    context
  );
}
async function startOrFail(client, id) {
  try {
    await client.status("POST", `/containers/${id}/start`);
  } catch (err) {
    if (err instanceof DaemonError) {
      throw new CliFailure(`minato: Error response from daemon: ${err.message}
Run 'minato run --help' for more information`, startFailureExitCode(err.message));
    }
    throw err;
  }
}
async function readWaitStatus(response) {
  const chunks = [];
  for await (const chunk of response) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (!text) return 125;
  const status = JSON.parse(text);
  if (status.Error?.Message) process.stderr.write(`${status.Error.Message}
`);
  return status.StatusCode;
}
function proxySignals(client, id) {
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"];
  const handlers = signals.map((signal) => {
    const handler = () => void client.status("POST", `/containers/${id}/kill`, { query: { signal } }).catch(() => void 0);
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => handlers.forEach((off) => off());
}

export {
  createContainer,
  run
};
