// What every CLI verb gets: the daemon address and the verb's name (for messages).
export interface CliContext {
  host: string;
  verb: string;
}

export interface CommandModule {
  run(argv: string[], context: CliContext): Promise<number>;
}
