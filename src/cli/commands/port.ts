// `minato port CONTAINER [PRIVATE_PORT[/PROTO]]`: "80/tcp -> 0.0.0.0:8080", as docker port.
import { CliFailure, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'port',
      usage: 'CONTAINER [PRIVATE_PORT[/PROTO]]',
      description: 'List port mappings or a specific mapping for the container',
      args: { min: 1, max: 2 },
      action: async ([name, wanted], _options, client) => {
        const info = await client.json<{ Name: string; NetworkSettings: { Ports: Record<string, { HostIp: string; HostPort: string }[] | null> | null } }>('GET', `/containers/${encodeURIComponent(name!)}/json`);
        const ports = info.NetworkSettings.Ports ?? {};
        if (wanted) {
          const key = wanted.includes('/') ? wanted : `${wanted}/tcp`;
          const bindings = ports[key];
          if (!bindings || bindings.length === 0) throw new CliFailure(`Error: No public port '${key}' published for ${info.Name.slice(1)}`, 1);
          for (const binding of bindings) process.stdout.write(`${binding.HostIp}:${binding.HostPort}\n`);
          return;
        }
        const keys = Object.keys(ports).sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
        for (const key of keys) for (const binding of ports[key] ?? []) process.stdout.write(`${key} -> ${binding.HostIp}:${binding.HostPort}\n`);
      },
    },
    argv,
    context,
  );
}
