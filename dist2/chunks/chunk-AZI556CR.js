import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);

// src/engine/daemon/api/stdcopy.ts
var StreamType = { stdin: 0, stdout: 1, stderr: 2 };
function frame(stream, data) {
  const header = Buffer.alloc(8);
  header[0] = StreamType[stream];
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}
var FrameReader = class {
  buffered = Buffer.alloc(0);
  push(chunk) {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const frames = [];
    while (this.buffered.length >= 8) {
      const size = this.buffered.readUInt32BE(4);
      if (this.buffered.length < 8 + size) break;
      frames.push({ stream: this.buffered[0], data: this.buffered.subarray(8, 8 + size) });
      this.buffered = this.buffered.subarray(8 + size);
    }
    return frames;
  }
};

export {
  frame,
  FrameReader
};
