// Docker's multiplexed stdio framing (stdcopy) for non-TTY attach, exec and logs streams:
// an 8-byte header [stream, 0, 0, 0, size as big-endian uint32] before each chunk.
export const StreamType = { stdin: 0, stdout: 1, stderr: 2 } as const;

export function frame(stream: 'stdout' | 'stderr', data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = StreamType[stream];
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}

/** Splits a multiplexed byte stream back into frames (for the CLI side). */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): { stream: number; data: Buffer }[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const frames: { stream: number; data: Buffer }[] = [];
    while (this.buffered.length >= 8) {
      const size = this.buffered.readUInt32BE(4);
      if (this.buffered.length < 8 + size) break;
      frames.push({ stream: this.buffered[0]!, data: this.buffered.subarray(8, 8 + size) });
      this.buffered = this.buffered.subarray(8 + size);
    }
    return frames;
  }
}
