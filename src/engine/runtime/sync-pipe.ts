// conmon's sync pipe: newline-separated JSON messages {"data": N, "message"?: "..."}. N is the
// container's PID (or -1 with the runtime's error), and for exec sessions later the exit code.
import type { Readable } from 'node:stream';

export interface SyncMessage {
  data: number;
  message?: string;
}

/** Yields each message as it arrives; ends when conmon closes the pipe. */
export async function* readSyncMessages(pipe: Readable): AsyncGenerator<SyncMessage> {
  let buffered = '';
  for await (const chunk of pipe) {
    buffered += (chunk as Buffer).toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield parseSyncMessage(line);
    }
  }
  if (buffered.trim()) yield parseSyncMessage(buffered.trim());
}

export function parseSyncMessage(line: string): SyncMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { data: -1, message: `unreadable message from conmon: ${line}` };
  }
  const record = parsed as { data?: unknown; message?: unknown };
  return {
    data: typeof record.data === 'number' ? record.data : -1,
    ...(typeof record.message === 'string' ? { message: record.message } : {}),
  };
}
