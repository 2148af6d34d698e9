// `minato version`: client and server versions, as docker version lays them out.
import { minatoVersion } from '../../util/project.ts';
import { DaemonError } from '../client.ts';
import { runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { compileTemplate } from '../format/template.ts';

const clientVersion = minatoVersion();

export function printClientVersion(): void {
  process.stdout.write(`Minato version ${clientVersion}\n`);
}

interface ServerVersion {
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  Os: string;
  Arch: string;
  KernelVersion: string;
  GoVersion: string;
  Components?: { Name: string; Version: string }[];
}

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'version',
      usage: '[OPTIONS]',
      description: 'Show the Minato version information',
      args: { min: 0, max: 0 },
      configure: (command) => command.option('-f, --format <string>', 'Format output using a custom template'),
      action: async (_args, options, client) => {
        const clientInfo = { Version: clientVersion, ApiVersion: '1.50', Os: 'linux', Arch: process.arch === 'x64' ? 'amd64' : process.arch, GoVersion: `node${process.versions.node}` };
        let server: ServerVersion | undefined;
        let serverError: unknown;
        try {
          server = await client.json<ServerVersion>('GET', '/version');
        } catch (err) {
          serverError = err;
        }
        if (options.format) {
          process.stdout.write(`${compileTemplate(options.format as string)({ Client: clientInfo, Server: server })}\n`);
        } else {
          const lines = ['Client:', ` Version:           ${clientInfo.Version}`, ` API version:       ${clientInfo.ApiVersion}`, ` Node.js version:   ${process.versions.node}`, ` OS/Arch:           ${clientInfo.Os}/${clientInfo.Arch}`];
          if (server) {
            lines.push('', 'Server: Minato Engine', ' Engine:', `  Version:          ${server.Version}`, `  API version:      ${server.ApiVersion} (minimum version ${server.MinAPIVersion})`, `  OS/Arch:          ${server.Os}/${server.Arch}`, `  Kernel version:   ${server.KernelVersion}`);
            for (const component of server.Components ?? []) if (component.Name !== 'Engine') lines.push(` ${component.Name}:`, `  Version:          ${component.Version || 'unknown'}`);
          }
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        if (serverError) {
          process.stderr.write(`${serverError instanceof DaemonError ? `Error response from daemon: ${serverError.message}` : (serverError as Error).message}\n`);
          return 1;
        }
        return 0;
      },
    },
    argv,
    context,
  );
}
