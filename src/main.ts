// The one entry point behind bin/minato. It reads the global options, then loads only the
// module of the verb asked for: the CLI's start-up time is part of every command's latency.
import { enableCompileCache } from 'node:module';
import { commandTable, findCommand } from './cli/command-table.ts';
import type { CliContext } from './cli/context.ts';

enableCompileCache?.();

const defaultHost = 'unix:///run/minato/minato.sock';

function usage(): string {
  const lines = ['Usage:  minato [OPTIONS] COMMAND', '', 'A container platform: a Docker-compatible engine and a Kubernetes-compatible orchestrator.', '', 'Commands:'];
  for (const entry of commandTable) lines.push(`  ${entry.name.padEnd(10)} ${entry.summary}`);
  lines.push('', 'Global Options:', '  -H, --host string   Daemon socket to connect to (default $MINATO_HOST or unix:///run/minato/minato.sock)', '  -v, --version        Print version information and quit', '', "Run 'minato COMMAND --help' for more information on a command.");
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  let host = process.env.MINATO_HOST || defaultHost;
  let index = 0;
  for (; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '-H' || arg === '--host') {
      const value = argv[++index];
      if (!value) {
        process.stderr.write(`flag needs an argument: ${arg}\n`);
        return 125;
      }
      host = value;
    } else if (arg.startsWith('--host=')) host = arg.slice('--host='.length);
    else if (arg === '-v' || arg === '--version') {
      const { printClientVersion } = await import('./cli/commands/version.ts');
      printClientVersion();
      return 0;
    } else if (arg === '-h' || arg === '--help') {
      process.stdout.write(usage());
      return 0;
    } else if (arg.startsWith('-')) {
      process.stderr.write(`unknown flag: ${arg}\nSee 'minato --help'.\n`);
      return 125;
    } else break;
  }
  const verb = argv[index];
  if (!verb) {
    process.stdout.write(usage());
    return 0;
  }
  const entry = findCommand(verb);
  if (!entry) {
    process.stderr.write(`minato: '${verb}' is not a minato command.\nSee 'minato --help'\n`);
    return 1;
  }
  const context: CliContext = { host, verb };
  const module = await entry.load();
  return module.run(argv.slice(index + 1), context);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`minato: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 125;
  },
);
