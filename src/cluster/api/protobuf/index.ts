// Kubernetes protobuf bodies in and out of the API server; see codec.ts.
export {
  decodeKubernetesProtobuf,
  encodeKubernetesProtobuf,
  isProtobufContentType,
  kubernetesProtobufContentType,
  type DecodedObject,
} from './codec.ts';
