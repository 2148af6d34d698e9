// /containers/…: the container verbs of the Docker Engine API.
import * as path from 'node:path';
import { invalidArgument } from '../../../util/errors.ts';
import { rootfsPath } from '../../containers/bundle.ts';
import { inspectContainer, listContainers } from '../../containers/container-views.ts';
import { commitContainer } from '../../containers/commit.ts';
import { checkCreateRequestShape } from '../../containers/create-request-shape.ts';
import { writeControl } from '../../containers/exec-service.ts';
import { emptyCpuStats, sampleStats, type DockerStats } from '../../containers/stats.ts';
import type { ContainerConfig, HostConfig } from '../../containers/types.ts';
import type { EndpointRequests } from '../../network/container-networking.ts';
import { readContainerLog } from '../../runtime/container-log.ts';
import type { Engine } from '../engine.ts';
import { attachToContainer } from './attach-route.ts';
import { queryBool, queryFilters, queryInt, readJson, sendEmpty, sendJson } from './http.ts';
import type { ApiRouter } from './router.ts';
import { frame } from './stdcopy.ts';

type CreateBody = ContainerConfig & { HostConfig?: HostConfig; NetworkingConfig?: unknown };

/**
 * The docker CLI repeats the --network network in EndpointsConfig (with its aliases): keep an
 * entry for it only when it carries something, so `endpoints` lists what comes on top.
 */
function withoutModeNetwork(endpoints: EndpointRequests, networkMode: string | undefined): EndpointRequests {
  const mode = !networkMode || networkMode === 'default' ? 'bridge' : networkMode;
  const result: EndpointRequests = {};
  for (const [key, endpoint] of Object.entries(endpoints ?? {})) {
    // The docker CLI names the default network by the network mode: "default".
    const name = key === 'default' ? 'bridge' : key;
    if (name === mode && !(endpoint?.Aliases ?? []).length && !endpoint?.IPAMConfig?.IPv4Address) continue;
    result[name] = endpoint ?? {};
  }
  return result;
}

/** Docker's `since`/`until`: Unix seconds with an optional fraction ("1700000000.123"). */
function queryTime(value: string | null, name: string): number | undefined {
  if (value === null || value === '' || value === '0') return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds)) throw invalidArgument(`invalid value for ${name}: "${value}" (want Unix seconds)`);
  return seconds;
}

export function registerContainerRoutes(router: ApiRouter, engine: Engine): void {
  const containers = engine.containers;
  const store = containers.store;

  router.on('POST', '/containers/create', async ({ req, res, query }) => {
    const body = await readJson<CreateBody>(req, {} as CreateBody);
    checkCreateRequestShape(body);
    const { HostConfig: hostConfig, NetworkingConfig: networking, ...config } = body;
    const endpoints = (networking as { EndpointsConfig?: EndpointRequests } | undefined)?.EndpointsConfig ?? {};
    const created = await containers.create({ name: query.get('name') ?? undefined, config, hostConfig: hostConfig ?? {}, endpoints: withoutModeNetwork(endpoints, hostConfig?.NetworkMode) });
    sendJson(res, 201, created);
  });

  router.on('GET', '/containers/json', ({ res, query }) => {
    const limit = queryInt(query, 'limit');
    // As in Docker, a limit (`docker ps -n N`, `ps -l`) counts stopped containers too.
    const all = queryBool(query, 'all') || (limit !== undefined && limit > 0);
    const list = listContainers(store.all(), engine.images.store, { all, filters: queryFilters(query), limit });
    sendJson(res, 200, list);
  });

  router.on('GET', '/containers/:id/json', ({ res, params }) => {
    const record = store.resolve(params.id!);
    const bundle = engine.paths.container(record.Id);
    const snapshots = engine.images.snapshots;
    const upperDir = snapshots.upperPath(record.Id);
    sendJson(res, 200, inspectContainer(record, {
      execIds: engine.execs.execIdsOf(record.Id),
      lowerDirs: record.layers.toReversed().map((chainId) => snapshots.layerPath(chainId)),
      upperDir,
      workDir: path.join(path.dirname(upperDir), 'work'),
      mergedDir: rootfsPath(bundle),
    }));
  });

  router.on('POST', '/containers/:id/start', async ({ res, params }) => {
    await containers.start(params.id!);
    sendEmpty(res, 204);
  });

  router.on('POST', '/containers/:id/stop', async ({ res, params, query }) => {
    await containers.stop(params.id!, { timeoutSeconds: queryInt(query, 't'), signal: query.get('signal') || undefined });
    sendEmpty(res, 204);
  });

  router.on('POST', '/containers/:id/restart', async ({ res, params, query }) => {
    await containers.restart(params.id!, { timeoutSeconds: queryInt(query, 't'), signal: query.get('signal') || undefined });
    sendEmpty(res, 204);
  });

  router.on('POST', '/containers/:id/kill', async ({ res, params, query }) => {
    await containers.kill(params.id!, query.get('signal') || 'SIGKILL');
    sendEmpty(res, 204);
  });

  router.on('DELETE', '/containers/:id', async ({ res, params, query }) => {
    await containers.remove(params.id!, { force: queryBool(query, 'force'), volumes: queryBool(query, 'v') });
    sendEmpty(res, 204);
  });

  router.on('POST', '/containers/:id/rename', async ({ res, params, query }) => {
    const name = query.get('name');
    if (!name) throw invalidArgument('name is required: rename needs a new name');
    await containers.rename(params.id!, name);
    sendEmpty(res, 204);
  });

  router.on('POST', '/containers/:id/wait', async ({ req, res, params, query }) => {
    const condition = query.get('condition') || 'not-running';
    if (!['not-running', 'next-exit', 'removed'].includes(condition)) throw invalidArgument(`invalid condition: "${condition}"`);
    const exited = containers.waitFor(params.id!, condition as 'not-running' | 'next-exit' | 'removed');
    // The docker CLI waits for these headers before it starts the container.
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    const gone = new Promise<void>((resolve) => req.socket.once('close', resolve));
    const code = await Promise.race([exited, gone.then(() => undefined)]);
    if (code === undefined) return;
    res.end(JSON.stringify({ StatusCode: code, Error: null }));
  });

  router.on('POST', '/containers/:id/resize', async ({ res, params, query }) => {
    const record = store.resolve(params.id!);
    if (record.State.Running && record.Config.Tty) {
      await writeControl(path.join(engine.paths.container(record.Id), 'ctl'), queryInt(query, 'h') ?? 0, queryInt(query, 'w') ?? 0);
    }
    sendEmpty(res, 200);
  });

  router.on('GET', '/containers/:id/logs', async ({ req, res, params, query }) => {
    const record = store.resolve(params.id!);
    const stdout = queryBool(query, 'stdout');
    const stderr = queryBool(query, 'stderr');
    if (!stdout && !stderr) throw invalidArgument('you must choose at least one stream');
    const tailParam = query.get('tail');
    const tail = tailParam === null || tailParam === '' || tailParam === 'all' ? undefined : Number(tailParam);
    if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) throw invalidArgument(`invalid value for tail: "${tailParam}"`);
    const follow = queryBool(query, 'follow') && record.State.Running;
    const timestamps = queryBool(query, 'timestamps');
    const controller = new AbortController();
    req.socket.once('close', () => controller.abort());
    res.writeHead(200, { 'Content-Type': record.Config.Tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream' });
    res.flushHeaders();
    const entries = readContainerLog(record.LogPath, {
      since: queryTime(query.get('since'), 'since'),
      until: queryTime(query.get('until'), 'until'),
      tail,
      follow,
      stopped: follow ? containers.waitFor(record.Id, 'not-running') : undefined,
      signal: controller.signal,
    });
    for await (const entry of entries) {
      if ((entry.stream === 'stdout' && !stdout) || (entry.stream === 'stderr' && !stderr)) continue;
      const data = timestamps ? Buffer.concat([Buffer.from(`${entry.timestamp} `), entry.content]) : entry.content;
      res.write(record.Config.Tty ? data : frame(entry.stream, data));
    }
    res.end();
  });

  router.on('GET', '/containers/:id/stats', async ({ req, res, params, query }) => {
    const record = store.resolve(params.id!);
    const stream = queryBool(query, 'stream', true);
    const oneShot = queryBool(query, 'one-shot');
    const cgroupPath = `/${engine.config.cgroupParent}/${record.Id}`;
    const name = record.Name;
    const snapshot = async () => {
      const current = store.get(record.Id);
      if (!current?.State.Running) return undefined;
      return sampleStats(cgroupPath, current.State.Pid, engine.hostMemory);
    };
    let previous = oneShot ? undefined : await snapshot();
    const emptyStats = (): DockerStats => ({
      read: '0001-01-01T00:00:00Z', preread: '0001-01-01T00:00:00Z', pids_stats: {}, blkio_stats: { io_service_bytes_recursive: null }, num_procs: 0,
      cpu_stats: emptyCpuStats(), precpu_stats: emptyCpuStats(), memory_stats: {}, name, id: record.Id,
    });
    const compose = async (): Promise<DockerStats> => {
      const current = await snapshot();
      if (!current) return emptyStats();
      const result: DockerStats = {
        read: current.at,
        preread: previous?.at ?? '0001-01-01T00:00:00Z',
        ...current.stats,
        cpu_stats: current.cpu,
        precpu_stats: previous?.cpu ?? emptyCpuStats(),
        name,
        id: record.Id,
      };
      previous = current;
      return result;
    };
    if (!stream) {
      // Docker answers a single reading with the CPU sample of about a second before, so that
      // `docker stats --no-stream` can compute a percentage.
      if (!oneShot) await new Promise((resolve) => setTimeout(resolve, 1000));
      sendJson(res, 200, await compose());
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    let open = true;
    req.socket.once('close', () => (open = false));
    while (open) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (!open) break;
      res.write(`${JSON.stringify(await compose())}\n`);
      if (!store.get(record.Id)?.State.Running) break;
    }
    res.end();
  });

  router.onUpgrade('POST', '/containers/:id/attach', (ctx) => attachToContainer(engine, ctx));

  router.on('POST', '/containers/prune', async ({ res, query }) => {
    const filters = queryFilters(query);
    const deleted: string[] = [];
    for (const record of store.all()) {
      if (record.State.Running) continue;
      if ((filters.get('label') ?? []).some((label) => !(label.split('=')[0]! in (record.Config.Labels ?? {})))) continue;
      await containers.remove(record.Id, {});
      deleted.push(record.Id);
    }
    sendJson(res, 200, { ContainersDeleted: deleted, SpaceReclaimed: 0 });
  });

  router.on('POST', '/commit', async ({ req, res, query }) => {
    const container = query.get('container');
    if (!container) throw invalidArgument('commit needs a container (query parameter "container")');
    await readJson<unknown>(req, null); // the optional config body: --change covers it
    const repo = query.get('repo');
    const tag = query.get('tag');
    const image = await commitContainer(
      { containers, images: engine.images, snapshots: engine.images.snapshots, log: engine.config.log },
      container,
      {
        reference: repo ? (tag ? `${repo}:${tag}` : repo) : undefined,
        comment: query.get('comment') ?? undefined,
        author: query.get('author') ?? undefined,
        changes: query.getAll('changes').flatMap((change) => change.split('\n')).filter(Boolean),
        pause: queryBool(query, 'pause', true),
      },
    );
    sendJson(res, 201, { Id: image.id });
  });
}
