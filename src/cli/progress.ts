// Renders the daemon's JSON progress stream (pull, push) the way the docker CLI does. On a
// terminal every layer keeps one line, rewritten in place as its status changes ("Downloading
// [==>   ] 1.2MB/3MB" → "Download complete" → "Pull complete"): a layer seen for the first time
// gets a new line, and a later message for it moves the cursor up to its line, rewrites it and
// moves back down. A message without a layer (Digest:, Status:) ends that block. Not on a
// terminal, byte counts are left out and every status change is a plain line of its own.
import { progressBarText } from '../util/progress-bar.ts';

export interface ProgressMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  progress?: string;
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: unknown;
}

export interface Output {
  write(text: string): unknown;
}

const escape = '\x1b[';

/** A failure the daemon reported inside the stream. */
export class StreamError extends Error {}

export class ProgressRenderer {
  private readonly out: Output;
  private readonly tty: boolean;
  private readonly width: number;
  /** Line of each layer in the current block, counted from its first line. */
  private lines = new Map<string, number>();

  constructor(out: Output, options: { tty: boolean; width?: number }) {
    this.out = out;
    this.tty = options.tty;
    this.width = options.width ?? 200;
  }

  /** Shows one message; an error message throws StreamError with the daemon's words. */
  render(message: ProgressMessage): void {
    if (message.error !== undefined || message.errorDetail?.message !== undefined) {
      throw new StreamError(message.errorDetail?.message ?? message.error ?? 'unknown error');
    }
    const inPlace = message.id !== undefined && message.id !== '' && message.progressDetail !== undefined;
    if (!this.tty) {
      this.renderPlain(message);
      return;
    }
    if (!inPlace) {
      this.lines = new Map();
      const text = this.text(message);
      if (text !== undefined) this.out.write(`${text}\n`);
      return;
    }
    let line = this.lines.get(message.id!);
    if (line === undefined) {
      line = this.lines.size;
      this.lines.set(message.id!, line);
      this.out.write('\n');
    }
    const up = this.lines.size - line;
    this.out.write(`${escape}${up}A\r${escape}2K${this.text(message) ?? ''}\r${escape}${up}B`);
  }

  private renderPlain(message: ProgressMessage): void {
    // Byte counts make no sense in a log: docker leaves them out when not on a terminal.
    if (progressBarText(message.progressDetail) !== '') return;
    const text = this.text(message);
    if (text !== undefined) this.out.write(`${text}\n`);
  }

  /** "id: status [bar]"; undefined for messages that show nothing (aux). */
  private text(message: ProgressMessage): string | undefined {
    if (message.stream !== undefined) return message.stream.replace(/\n$/, '');
    if (message.status === undefined) return undefined;
    const prefix = message.id ? `${message.id}: ` : '';
    const bar = this.tty ? progressBarText(message.progressDetail, this.width) : '';
    const progress = bar || (message.progressDetail === undefined ? (message.progress ?? '') : '');
    return `${prefix}${message.status}${progress ? ` ${progress}` : ''}`;
  }
}
