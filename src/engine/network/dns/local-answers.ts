// The names the responder answers itself: the containers on its network (by name, alias or short
// ID, as the caller's NameLookup knows them) and the reverse names of their addresses. Pure: a
// decoded query in, a response to encode (or undefined: "not ours, forward it") out.
import { isIPv4, isIPv6 } from 'node:net';
import {
  AUTHORITATIVE_ANSWER,
  CHECKING_DISABLED,
  RECURSION_AVAILABLE,
  RECURSION_DESIRED,
  type Answer,
  type DecodedPacket,
  type OptAnswer,
  type Packet,
  type Question,
} from 'dns-packet';

export interface NameLookup {
  /** IPv4 addresses for a name on this network (container name, alias, short container ID), case-insensitive, or [] if unknown. */
  lookup(name: string): string[];
  /** For PTR: the name of the container with this IPv4 address on this network, or undefined. */
  reverse(ip: string): string | undefined;
}

export interface LocalAnswerOptions {
  /** TTL of every local record, in seconds. */
  ttl: number;
  /** The network's name: `<name>.<networkName>` is answered like `<name>`, as Docker does. */
  networkName?: string | undefined;
}

/** The UDP payload size advertised in the EDNS OPT record of local answers (the DNS flag day 2020 value). */
const EDNS_PAYLOAD_SIZE = 1232;

/** The query's name in the form NameLookup takes: lower case, without a trailing dot. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** `d.c.b.a.in-addr.arpa` → `a.b.c.d`, or undefined for any other name. */
export function reverseNameToIPv4(name: string): string | undefined {
  const labels = normalizeName(name).split('.');
  if (labels.length !== 6 || labels[4] !== 'in-addr' || labels[5] !== 'arpa') return undefined;
  const octets = labels.slice(0, 4).reverse();
  return octets.every((o) => /^(0|[1-9]\d{0,2})$/.test(o) && Number(o) <= 255) ? octets.join('.') : undefined;
}

/**
 * The local response to `query`, or undefined when the name is not one of this network's and the
 * query should be forwarded. A known name gets its addresses for A (and ANY), and NOERROR with no
 * records for every other type: "the name exists, it has no such record". NXDOMAIN would be wrong
 * there: a client asking A and AAAA in parallel (glibc, musl) takes an NXDOMAIN for AAAA as "the
 * name does not exist" and drops the A answer too.
 */
export function answerLocally(query: DecodedPacket, names: NameLookup, options: LocalAnswerOptions): Packet | undefined {
  const question = query.questions?.length === 1 ? query.questions[0] : undefined;
  if (!question || (question.class !== 'IN' && question.class !== 'ANY')) return undefined;

  const qtype: string = question.type; // dns-packet decodes type 255 as 'ANY', which its types omit
  const reverseIp = reverseNameToIPv4(question.name);
  if (reverseIp !== undefined) {
    if (qtype !== 'PTR' && qtype !== 'ANY') return undefined;
    const target = names.reverse(reverseIp);
    if (!target || !isEncodableName(target)) return undefined;
    return response(query, question, [{ type: 'PTR', name: question.name, class: 'IN', ttl: options.ttl, data: target }]);
  }

  const addresses = lookupWithNetworkSuffix(normalizeName(question.name), names, options.networkName);
  if (addresses.length === 0) return undefined;
  const wanted = qtype === 'ANY' ? ['A', 'AAAA'] : [qtype];
  const answers: Answer[] = [];
  for (const address of shuffled(addresses)) {
    const type = isIPv4(address) ? 'A' : isIPv6(address) ? 'AAAA' : undefined;
    if (type && wanted.includes(type)) answers.push({ type, name: question.name, class: 'IN', ttl: options.ttl, data: address });
  }
  return response(query, question, answers);
}

/** Whether dns-packet can put the name on the wire as given: labels of 1–63 bytes, 253 bytes in all. */
function isEncodableName(name: string): boolean {
  const trimmed = name.replace(/\.$/, '');
  return Buffer.byteLength(trimmed) <= 253 && trimmed.split('.').every((label) => label.length > 0 && Buffer.byteLength(label) <= 63);
}

function lookupWithNetworkSuffix(name: string, names: NameLookup, networkName: string | undefined): string[] {
  if (name === '') return [];
  const direct = names.lookup(name);
  if (direct.length > 0 || !networkName) return direct;
  const suffix = `.${networkName.toLowerCase()}`;
  return name.endsWith(suffix) && name.length > suffix.length ? names.lookup(name.slice(0, -suffix.length)) : [];
}

/** Distinct addresses in random order: the round robin Docker gives an alias shared by several containers. */
function shuffled(addresses: readonly string[]): string[] {
  const out = [...new Set(addresses)];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function response(query: DecodedPacket, question: Question, answers: Answer[]): Packet {
  const edns = query.additionals?.some((record) => record.type === 'OPT') ?? false;
  const opt: OptAnswer = { type: 'OPT', name: '.', udpPayloadSize: EDNS_PAYLOAD_SIZE, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] };
  return {
    type: 'response',
    id: query.id ?? 0,
    flags: AUTHORITATIVE_ANSWER | RECURSION_AVAILABLE | ((query.flags ?? 0) & (RECURSION_DESIRED | CHECKING_DISABLED)),
    questions: [question],
    answers,
    additionals: edns ? [opt] : [],
  };
}
