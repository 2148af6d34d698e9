// `minato info`: the daemon's view of the system.
import { binarySize } from '../../util/human.ts';
import { runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { compileTemplate } from '../format/template.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'info',
      usage: '[OPTIONS]',
      description: 'Display system-wide information',
      args: { min: 0, max: 0 },
      configure: (command) => command.option('-f, --format <string>', 'Format output using a custom template'),
      action: async (_args, options, client) => {
        const info = await client.json<Record<string, unknown>>('GET', '/info');
        if (options.format) {
          process.stdout.write(`${compileTemplate(options.format as string)(info)}\n`);
          return;
        }
        const lines = [
          'Server:',
          ` Containers: ${info.Containers}`,
          `  Running: ${info.ContainersRunning}`,
          `  Paused: ${info.ContainersPaused}`,
          `  Stopped: ${info.ContainersStopped}`,
          ` Images: ${info.Images}`,
          ` Server Version: ${info.ServerVersion}`,
          ` Storage Driver: ${info.Driver}`,
          ` Logging Driver: ${info.LoggingDriver}`,
          ` Cgroup Driver: ${info.CgroupDriver}`,
          ` Cgroup Version: ${info.CgroupVersion}`,
          ` Runtimes: ${Object.keys(info.Runtimes as object).join(' ')}`,
          ` Default Runtime: ${info.DefaultRuntime}`,
          ` Init Binary: ${info.InitBinary}`,
          ` Security Options:`,
          ...(info.SecurityOptions as string[]).map((option) => `  ${option.replace(/^name=/, '').replace(/,profile=/, '\n   Profile: ')}`),
          ` Kernel Version: ${info.KernelVersion}`,
          ` Operating System: ${info.OperatingSystem}`,
          ` OSType: ${info.OSType}`,
          ` Architecture: ${info.Architecture}`,
          ` CPUs: ${info.NCPU}`,
          ` Total Memory: ${binarySize(info.MemTotal as number)}`,
          ` Name: ${info.Name}`,
          ` Minato Root Dir: ${info.DockerRootDir}`,
          ` Live Restore Enabled: ${info.LiveRestoreEnabled}`,
        ];
        for (const warning of (info.Warnings as string[] | null) ?? []) lines.push(`WARNING: ${warning}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      },
    },
    argv,
    context,
  );
}
