// `minato token create|list`: bootstrap tokens for joining nodes, as `kubeadm token` manages
// them — Secrets kube-system/bootstrap-token-<id> made and read through the API server with an
// admin kubeconfig. `minato server` makes the first one itself (DATA-DIR/node-token).
import type { Secret } from 'kubernetes-types/core/v1.js';
import { CliFailure, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { durationFlagMs } from '../flag-values.ts';
import { dispatchSubcommand } from '../subcommands.ts';
import { defaultServerDataDir } from './server.ts';

const defaultKubeconfig = `${defaultServerDataDir}/kubeconfig.yaml`;
const kubeconfigHelp = `The admin kubeconfig (default $KUBECONFIG, else ${defaultKubeconfig})`;

async function adminClient(options: Record<string, unknown>) {
  const file = (options.kubeconfig as string | undefined) ?? process.env.KUBECONFIG ?? defaultKubeconfig;
  const { loadKubeconfig, RestClient, ResourceClient, resources } = await import('../../cluster/client/index.ts');
  let config;
  try {
    config = loadKubeconfig(file);
  } catch (err) {
    throw new CliFailure(`cannot read --kubeconfig ${file}: ${(err as Error).message}`, 125);
  }
  const rest = new RestClient(config, { component: 'token' });
  return { config, rest, secrets: new ResourceClient<Secret>(rest, resources.secrets) };
}

const create = {
  run: (argv: string[], context: CliContext) =>
    runVerb(
      {
        name: 'token create',
        usage: '[OPTIONS] [TOKEN]',
        description: 'Create a bootstrap token for joining nodes (printed on stdout)',
        args: { min: 0, max: 1 },
        configure: (command) =>
          command
            .option('--ttl <duration>', 'How long the token is valid (0: forever)', '24h')
            .option('--description <string>', 'A human-friendly description of the token')
            .option('--print-join-command', 'Print the whole `minato agent` command instead of the token')
            .option('--kubeconfig <string>', kubeconfigHelp),
        action: async ([given], options) => {
          const { BOOTSTRAP_TOKEN_NAMESPACE, bootstrapTokenSecret, DEFAULT_NODE_TOKEN_GROUP, generateBootstrapToken, parseBootstrapToken } = await import('../../cluster/api/bootstrap-token.ts');
          const token = given ?? generateBootstrapToken();
          if (!parseBootstrapToken(token)) throw new CliFailure(`invalid token "${token}": want the form [a-z0-9]{6}.[a-z0-9]{16}`, 125);
          const ttlMs = durationFlagMs('--ttl', options.ttl) ?? 0;
          const secret = bootstrapTokenSecret({
            token,
            ...(options.description ? { description: options.description as string } : {}),
            ...(ttlMs > 0 ? { expires: new Date(Date.now() + ttlMs) } : {}),
            extraGroups: [DEFAULT_NODE_TOKEN_GROUP],
          });
          const { config, rest, secrets } = await adminClient(options);
          try {
            await secrets.create(BOOTSTRAP_TOKEN_NAMESPACE, secret);
          } finally {
            rest.close();
          }
          if (!options.printJoinCommand) {
            process.stdout.write(`${token}\n`);
            return;
          }
          const { caCertHash } = await import('../../cluster/apiserver/pki/ca-cert-hash.ts');
          const hash = config.ca ? ` --discovery-token-ca-cert-hash ${caCertHash(config.ca)}` : '';
          process.stdout.write(`minato agent --server ${config.server} --token ${token}${hash}\n`);
        },
      },
      argv,
      context,
    ),
};

const list = {
  run: (argv: string[], context: CliContext) =>
    runVerb(
      {
        name: 'token list',
        usage: '[OPTIONS]',
        description: 'List the bootstrap tokens',
        args: { min: 0, max: 0 },
        configure: (command) => command.option('--kubeconfig <string>', kubeconfigHelp),
        action: async (_args, options) => {
          const { BOOTSTRAP_TOKEN_NAMESPACE, BOOTSTRAP_TOKEN_SECRET_TYPE, bootstrapTokenKeys } = await import('../../cluster/api/bootstrap-token.ts');
          const { humanDuration } = await import('../../cluster/api/kinds/human-duration.ts');
          const { rest, secrets } = await adminClient(options);
          let items: Secret[];
          try {
            items = (await secrets.list(BOOTSTRAP_TOKEN_NAMESPACE)).items.filter((secret) => secret.type === BOOTSTRAP_TOKEN_SECRET_TYPE);
          } finally {
            rest.close();
          }
          const rows = [['TOKEN', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION', 'EXTRA GROUPS']];
          for (const secret of items) {
            const value = (key: string) => (secret.data?.[key] ? Buffer.from(secret.data[key]!, 'base64').toString() : undefined);
            const expires = value(bootstrapTokenKeys.expiration);
            const usages = [value(bootstrapTokenKeys.usageAuthentication) === 'true' ? 'authentication' : '', value(bootstrapTokenKeys.usageSigning) === 'true' ? 'signing' : ''].filter(Boolean);
            rows.push([
              `${value(bootstrapTokenKeys.id) ?? '?'}.${value(bootstrapTokenKeys.secret) ?? '?'}`,
              expires ? humanDuration(Date.parse(expires) - Date.now()) : '<forever>',
              expires ?? '<never>',
              usages.join(',') || '<none>',
              value(bootstrapTokenKeys.description) ?? '<none>',
              value(bootstrapTokenKeys.extraGroups) ?? '',
            ]);
          }
          const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
          process.stdout.write(rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join('').trimEnd()).join('\n') + '\n');
        },
      },
      argv,
      context,
    ),
};

export function run(argv: string[], context: CliContext): Promise<number> {
  return dispatchSubcommand('token', 'Manage bootstrap tokens for joining nodes', { create: async () => create, list: async () => list, ls: async () => list }, argv, context);
}
