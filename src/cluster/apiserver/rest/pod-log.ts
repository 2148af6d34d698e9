// GET /api/v1/namespaces/NS/pods/NAME/log (`kubectl logs`): the options checked here, then the
// log relayed from the node agent's kubelet API (/containerLogs/NS/NAME/CONTAINER) as
// text/plain — streaming until the container stops or the client goes, with follow=true.
import type { IncomingMessage } from 'node:http';
import { parsePodLogQuery, podLogQueryString } from '../../api/remote-command.ts';
import type { RestContext } from '../rest-context.ts';
import { errors } from '../status.ts';
import { type KubeletAccess, kubeletTlsOptions, locateContainer, statusFromKubelet } from './kubelet-proxy.ts';

export async function handlePodLog(ctx: RestContext, access: KubeletAccess): Promise<void> {
  const options = parsePodLogQuery(ctx.query);
  const namespace = ctx.info.namespace!;
  const name = ctx.info.name!;
  const target = await locateContainer(access, namespace, name, options.container);
  const path = `/containerLogs/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(target.container)}?${podLogQueryString(options)}`;
  const { request } = process.getBuiltinModule('node:https') as typeof import('node:https');
  const upstream = request({ host: target.host, port: target.port, path, method: 'GET', agent: false, ...kubeletTlsOptions(access.credentials!) });
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    upstream.once('response', resolve);
    upstream.once('error', (err) => reject(errors.internal(`error dialing backend: ${err.message}`)));
    upstream.end();
  });
  if (response.statusCode !== 200) {
    let body = '';
    for await (const chunk of response) body += String(chunk);
    throw statusFromKubelet(response.statusCode ?? 500, body);
  }
  const res = ctx.res;
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
  res.flushHeaders();
  const stop = () => {
    upstream.destroy();
    response.destroy();
  };
  res.once('close', stop);
  await new Promise<void>((resolve) => {
    response.on('error', () => res.destroy());
    response.once('close', resolve);
    response.pipe(res);
  });
}
