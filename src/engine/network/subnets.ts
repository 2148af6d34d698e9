// IPv4 arithmetic for bridge networks: parsing CIDRs, overlap checks, picking the next free
// subnet for a network created without --subnet.
import { invalidArgument } from '../../util/errors.ts';

export interface Ipv4Cidr {
  address: number;
  prefix: number;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (Math.floor(value / 2 ** shift) % 256).toString()).join('.');
}

export function parseCidr(text: string, what = 'subnet'): Ipv4Cidr {
  const [ip, prefixText] = text.split('/');
  const address = parseIpv4(ip ?? '');
  const prefix = Number(prefixText);
  if (address === undefined || prefixText === undefined || !/^\d+$/.test(prefixText) || prefix < 1 || prefix > 30) {
    throw invalidArgument(`invalid ${what} ${text}: want an IPv4 CIDR such as 10.89.0.0/24 (prefix 1–30)`);
  }
  return { address, prefix };
}

function size(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** The network address of a CIDR (host bits cleared). */
export function networkAddress(cidr: Ipv4Cidr): number {
  return cidr.address - (cidr.address % size(cidr));
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(networkAddress(cidr))}/${cidr.prefix}`;
}

export function contains(cidr: Ipv4Cidr, address: number): boolean {
  const start = networkAddress(cidr);
  return address >= start && address < start + size(cidr);
}

export function overlaps(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aStart = networkAddress(a);
  const bStart = networkAddress(b);
  return aStart < bStart + size(b) && bStart < aStart + size(a);
}

/** The first usable address: Docker's default gateway. */
export function firstHost(cidr: Ipv4Cidr): string {
  return formatIpv4(networkAddress(cidr) + 1);
}

/** The first /24 in `pool` that overlaps none of `taken`. */
export function nextFreeSubnet(pool: Ipv4Cidr, taken: Ipv4Cidr[], prefix = 24): Ipv4Cidr | undefined {
  const step = 2 ** (32 - prefix);
  for (let address = networkAddress(pool); address + step <= networkAddress(pool) + size(pool); address += step) {
    const candidate = { address, prefix };
    if (!taken.some((other) => overlaps(candidate, other))) return candidate;
  }
  return undefined;
}
