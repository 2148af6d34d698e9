// cluster/client: how controllers, the scheduler and the node agent talk to the API server —
// never to storage. A RestClient (HTTPS, TLS credentials from a kubeconfig), ResourceClients
// for one resource's verbs, shared informers with listers and indexes, and the work queue.
export { ApiError, isAlreadyExists, isApiError, isBadRequest, isConflict, isForbidden, isGone, isInvalid, isNotFound, isStatus, isUnauthorized } from './api-error.ts';
export { Backoff, type BackoffOptions } from './backoff.ts';
export { type Clock, FakeClock, realClock } from './clock.ts';
export { type DiscoveredResource, discoverResources, supports } from './discovery.ts';
export { type EventCounts, EventRecorder, type EventRecorderOptions, referenceTo } from './event-recorder.ts';
export { byControllerUid, byNodeName, byOwnerUid, type IndexFunc, Indexer, type Lister } from './indexer.ts';
export { type EventHandler, type InformerOptions, type InformerScope, SharedInformer } from './informer.ts';
export { type InformerDefaults, InformerFactory } from './informer-factory.ts';
export { type ClientConfig, loadKubeconfig, parseKubeconfig } from './kubeconfig.ts';
export { formatLabelSelector, labelSelectorMatcher, type LabelMatcher, parseLabelSelector } from './labels.ts';
export { ItemExponentialRateLimiter, type RateLimiter } from './rate-limiter.ts';
export { apiVersionOf, type ClientObject, describeResource, descriptorOf, keyOf, objectKey, qualifiedName, type ResourceDescriptor, splitKey } from './resource.ts';
export {
  type DeleteOptions,
  type ListOptions,
  metadataOnlyAccept,
  type ObjectList,
  type PatchOptions,
  type PatchType,
  ResourceClient,
  type ResourceClientOptions,
  type WatchEvent,
  type WatchHandle,
  type WatchHandlers,
  type WatchOptions,
  type WriteOptions,
} from './resource-client.ts';
export { resources } from './resources.ts';
export { type RequestOptions, RestClient, type RestClientOptions, type StreamEnd } from './rest-client.ts';
export { WorkQueue, type WorkQueueOptions } from './work-queue.ts';
