// Progress of a pull or push as the Docker Engine API streams it: newline-delimited JSON
// messages, one status per layer ("Pulling fs layer", "Downloading" with progressDetail
// {current, total}, "Download complete", "Pull complete"; "Preparing", "Pushing", "Pushed", …)
// and plain lines ("Digest: sha256:…"). Layers are named by the first 12 hex digits of their
// digest, as Docker names them. Byte counts are sent at most every 100 ms per layer.
import { Transform, type TransformCallback } from 'node:stream';
import type { Digest } from '../../../util/digest.ts';
import { progressBarText } from '../../../util/progress-bar.ts';

export interface JsonMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  /** The rendered bar, for clients that print it as is. */
  progress?: string;
  aux?: Record<string, unknown>;
  error?: string;
  errorDetail?: { message: string };
}

export type ProgressSink = (message: JsonMessage) => void;

/** "sha256:0123456789ab…" → "0123456789ab" */
export function shortId(digest: Digest | string): string {
  return digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 13);
}

/** A status line of one layer (Docker sends an empty progressDetail with these). */
export function layerStatus(sink: ProgressSink, id: string, status: string): void {
  sink({ status, progressDetail: {}, id });
}

const updateIntervalMs = 100;

/**
 * A pass-through stream that reports how many bytes went by: "Downloading" or "Pushing" with
 * current/total, throttled; the last count is always sent.
 */
export class TransferMeter extends Transform {
  private readonly sink: ProgressSink;
  private readonly id: string;
  private readonly action: string;
  private readonly total: number | undefined;
  private current = 0;
  private lastSent = 0;

  constructor(sink: ProgressSink, id: string, action: 'Downloading' | 'Pushing', total: number | undefined) {
    super();
    this.sink = sink;
    this.id = id;
    this.action = action;
    this.total = total;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.current += chunk.length;
    const now = Date.now();
    if (now - this.lastSent >= updateIntervalMs) {
      this.lastSent = now;
      this.report();
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.report();
    callback();
  }

  private report(): void {
    const detail = this.total === undefined ? { current: this.current } : { current: this.current, total: this.total };
    this.sink({ status: this.action, progressDetail: detail, progress: progressBarText(detail), id: this.id });
  }
}
