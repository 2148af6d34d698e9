import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  FrameReader
} from "./chunk-AZI556CR.js";

// src/cli/attach-streams.ts
function pumpAttached(client, conn, options) {
  return new Promise((resolve) => {
    const restore = [];
    if (options.tty) {
      conn.on("data", (chunk) => process.stdout.write(chunk));
    } else {
      const frames = new FrameReader();
      conn.on("data", (chunk) => {
        for (const { stream, data } of frames.push(chunk)) (stream === 2 ? process.stderr : process.stdout).write(data);
      });
    }
    if (options.stdin) {
      if (options.tty && process.stdin.isTTY) {
        process.stdin.setRawMode(true);
        restore.push(() => process.stdin.setRawMode(false));
      }
      process.stdin.on("data", (chunk) => conn.write(chunk));
      process.stdin.on("end", () => conn.end());
      process.stdin.resume();
      restore.push(() => process.stdin.pause());
    }
    if (options.tty && options.resizePath && process.stdout.isTTY) {
      const resize = () => {
        void client.status("POST", options.resizePath, { query: { h: process.stdout.rows, w: process.stdout.columns } }).catch(() => void 0);
      };
      resize();
      process.stdout.on("resize", resize);
      restore.push(() => process.stdout.off("resize", resize));
    }
    const finish = () => {
      for (const undo of restore) undo();
      resolve();
    };
    conn.once("end", finish);
    conn.once("close", finish);
    conn.once("error", finish);
  });
}
function startFailureExitCode(message) {
  if (message.includes("executable file not found") || message.includes("no such file or directory")) return 127;
  if (message.includes("permission denied")) return 126;
  return 125;
}

export {
  pumpAttached,
  startFailureExitCode
};
