// `minato logs [-f] [--tail N] [--since T] [--until T] [-t] CONTAINER`
import { FrameReader } from '../../engine/daemon/api/stdcopy.ts';
import { runVerb, UsageError } from '../command.ts';
import type { CliContext } from '../context.ts';

/** Docker's --since/--until: RFC 3339, a Unix timestamp, or a duration before now ("10m", "1h30m"). */
export function parseTimeFlag(value: string | undefined, flag: string, now = Date.now()): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return value;
  const duration = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(value);
  if (duration && value !== '') {
    const [, h = '0', m = '0', s = '0'] = duration;
    const seconds = Number(h) * 3600 + Number(m) * 60 + Number(s);
    return ((now / 1000 - seconds)).toFixed(9);
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new UsageError(`invalid value for "${flag}": failed to parse value as time or duration: "${value}"`);
  return (parsed / 1000).toFixed(9);
}

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'logs',
      usage: '[OPTIONS] CONTAINER',
      description: 'Fetch the logs of a container',
      args: { min: 1, max: 1 },
      configure: (command) =>
        command
          .option('-f, --follow', 'Follow log output')
          .option('-n, --tail <string>', 'Number of lines to show from the end of the logs', 'all')
          .option('--since <string>', 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)')
          .option('--until <string>', 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)')
          .option('-t, --timestamps', 'Show timestamps')
          .option('--details', 'Show extra details provided to logs'),
      action: async ([name], options, client) => {
        const info = await client.json<{ Id: string; Config: { Tty?: boolean } }>('GET', `/containers/${encodeURIComponent(name!)}/json`);
        const response = await client.call('GET', `/containers/${info.Id}/logs`, {
          query: {
            stdout: true,
            stderr: true,
            follow: !!options.follow,
            tail: options.tail as string,
            since: parseTimeFlag(options.since as string | undefined, '--since'),
            until: parseTimeFlag(options.until as string | undefined, '--until'),
            timestamps: !!options.timestamps,
          },
        });
        const frames = new FrameReader();
        for await (const chunk of response) {
          if (info.Config.Tty) process.stdout.write(chunk as Buffer);
          else for (const { stream, data } of frames.push(chunk as Buffer)) (stream === 2 ? process.stderr : process.stdout).write(data);
        }
      },
    },
    argv,
    context,
  );
}
