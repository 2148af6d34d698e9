// /volumes/…: `docker volume create|ls|inspect|rm|prune`.
import type { VolumeCreateRequest, VolumeRecord } from '../../volume/volume-service.ts';
import type { Engine } from '../engine.ts';
import { checkFilterKeys, queryBool, queryFilters, readJson, sendEmpty, sendJson } from './http.ts';
import type { ApiRouter } from './router.ts';

function volumeView(volume: VolumeRecord, usedBy: string[]) {
  const { Anonymous: _anonymous, ...view } = volume;
  return { ...view, UsageData: { Size: -1, RefCount: usedBy.length } };
}

export function registerVolumeRoutes(router: ApiRouter, engine: Engine): void {
  const volumes = engine.volumes;

  router.on('GET', '/volumes', ({ res, query }) => {
    const filters = queryFilters(query);
    checkFilterKeys(filters, ['dangling', 'name', 'label', 'driver']);
    const dangling = filters.get('dangling')?.[0];
    const list = volumes.list().filter((volume) => {
      const users = volumes.usedBy(volume.Name);
      if (dangling !== undefined && (users.length === 0) !== (dangling === 'true' || dangling === '1')) return false;
      if (filters.has('name') && !filters.get('name')!.some((name) => volume.Name.includes(name))) return false;
      if (filters.has('driver') && !filters.get('driver')!.includes(volume.Driver)) return false;
      return (filters.get('label') ?? []).every((label) => {
        const [key, value] = label.split('=', 2) as [string, string?];
        return key in volume.Labels && (value === undefined || volume.Labels[key] === value);
      });
    });
    sendJson(res, 200, { Volumes: list.map((volume) => volumeView(volume, volumes.usedBy(volume.Name))), Warnings: [] });
  });

  router.on('POST', '/volumes/create', async ({ req, res }) => {
    const request = await readJson<VolumeCreateRequest>(req, {});
    const volume = await volumes.create(request, { anonymous: false });
    sendJson(res, 201, volumeView(volume, volumes.usedBy(volume.Name)));
  });

  router.on('GET', '/volumes/:name', ({ res, params }) => {
    const volume = volumes.inspect(params.name!);
    sendJson(res, 200, volumeView(volume, volumes.usedBy(volume.Name)));
  });

  router.on('DELETE', '/volumes/:name', async ({ res, params, query }) => {
    await volumes.remove(params.name!, { force: queryBool(query, 'force') });
    sendEmpty(res, 204);
  });

  router.on('POST', '/volumes/prune', async ({ res, query }) => {
    const filters = queryFilters(query);
    checkFilterKeys(filters, ['label', 'all']);
    const all = ['true', '1'].includes(filters.get('all')?.[0] ?? '');
    sendJson(res, 200, await volumes.prune({ all }));
  });
}
