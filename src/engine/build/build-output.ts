// Build progress in BuildKit's plain form, which both the minato CLI and the docker CLI print
// as they receive it:
//   #3 [2/4] RUN make
//   #3 0.412 compiling…
//   #3 DONE 1.2s
//   #4 [3/4] COPY . /src
//   #4 CACHED
export interface StepOutput {
  /** Output of the step (e.g. RUN's), prefixed with the seconds since the step began. */
  log(data: Buffer | string): void;
  cached(): void;
  done(): void;
  error(message: string): void;
}

export class BuildOutput {
  private next = 1;
  private readonly write: (text: string) => void;

  constructor(write: (text: string) => void) {
    this.write = write;
  }

  line(text: string): void {
    this.write(`${text}\n`);
  }

  step(title: string): StepOutput {
    const id = this.next++;
    const started = Date.now();
    let partial = '';
    const elapsed = () => ((Date.now() - started) / 1000).toFixed(3);
    this.line(`#${id} ${title}`);
    const flush = () => {
      if (partial) this.line(`#${id} ${elapsed()} ${partial}`);
      partial = '';
    };
    return {
      log: (data) => {
        const lines = (partial + data.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const text of lines) this.line(`#${id} ${elapsed()} ${text.replace(/\r$/, '')}`);
      },
      cached: () => this.line(`#${id} CACHED`),
      done: () => {
        flush();
        this.line(`#${id} DONE ${((Date.now() - started) / 1000).toFixed(1)}s`);
      },
      error: (message) => {
        flush();
        this.line(`#${id} ERROR: ${message}`);
      },
    };
  }
}
