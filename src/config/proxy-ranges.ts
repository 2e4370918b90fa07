import { isIP } from 'node:net';

/**
 * TRUST_PROXY entries: addresses, CIDR ranges and proxy-addr's names, parsed to numbers so that
 * what a range covers is computed rather than guessed from its spelling.
 */

/** A CIDR block; IPv6 addresses are 128-bit numbers, IPv4 ones 32-bit. */
export interface AddressBlock {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

/** The names proxy-addr accepts, and the blocks it reads them as. */
const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** Decimal, no sign, no leading zero: `/08` or `/+8` mean nothing a reader could be sure of. */
const PREFIX_LENGTH = /^[1-9]\d{0,2}$/;

/**
 * The blocks an entry stands for, or why it is not an entry. A prefix length is 1–32 (IPv4) or
 * 1–128 (IPv6): proxy-addr throws at boot on /0, which would mean "every address" anyway.
 */
export function parseProxyRange(entry: string): readonly AddressBlock[] | string {
  if (Object.hasOwn(NAMED_RANGES, entry)) return (NAMED_RANGES[entry] ?? []).map(parseKnownBlock);
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family !== 4 && family !== 6) {
    return 'is not an IP address, a CIDR range or a known name';
  }
  const bits = BITS[family];
  if (slash === -1) return [{ family, network: parseAddress(address, family), prefix: bits }];
  const prefixText = entry.slice(slash + 1);
  if (!PREFIX_LENGTH.test(prefixText) || Number(prefixText) > bits) {
    return `has a prefix length other than a decimal number from 1 to ${bits} without leading zeros`;
  }
  const prefix = Number(prefixText);
  return [{ family, network: parseAddress(address, family) & mask(prefix, bits), prefix }];
}

export function isProxyRange(value: unknown): boolean {
  return typeof value === 'string' && typeof parseProxyRange(value) !== 'string';
}

/**
 * Where a production proxy can be: private IPv4 (RFC 1918), CGNAT, loopback and link-local, and
 * IPv6 loopback, link-local and unique-local addresses.
 */
const PRIVATE_BLOCKS: readonly AddressBlock[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '::1/128',
  'fe80::/10',
  'fc00::/7',
].map(parseKnownBlock);

/** The widest public blocks production may trust: one subnet of proxies, not a share of the internet. */
export const MIN_PUBLIC_PREFIX = { 4: 24, 6: 48 } as const;

/**
 * IPv6 blocks whose low 32 bits are an IPv4 address: proxy-addr matches an IPv4 client against
 * IPv4-mapped ranges (`::ffff:0:0/96`), and NAT64 (`64:ff9b::/96`) gives every IPv4 host an IPv6
 * address. A range there is judged as the IPv4 range it holds.
 */
const IPV4_BITS = (1n << 32n) - 1n;
const IPV4_EMBEDDING_BLOCKS: readonly AddressBlock[] = ['::ffff:0:0/96', '64:ff9b::/96'].map(parseKnownBlock);

/**
 * The production rule: a block may be trusted only if it lies entirely within private space (see
 * PRIVATE_BLOCKS), or is public but no wider than a /24 (IPv4) or a /48 (IPv6). Every block is
 * judged on its own, so no list a person would write trusts a meaningful share of the internet,
 * however its ranges are split (`0.0.0.0/1,128.0.0.0/1` is refused like `0.0.0.0/0`).
 */
export function isSafeInProduction(block: AddressBlock): boolean {
  if (PRIVATE_BLOCKS.some((privateBlock) => contains(privateBlock, block))) return true;
  for (const embedding of IPV4_EMBEDDING_BLOCKS) {
    if (contains(embedding, block)) {
      return isSafeInProduction({ family: 4, network: block.network & IPV4_BITS, prefix: block.prefix - 96 });
    }
    // Wider than the embedding block: every IPv4 address, through it.
    if (contains(block, embedding)) return false;
  }
  return block.prefix >= MIN_PUBLIC_PREFIX[block.family];
}

/** Whether every address of `inner` is in `outer`. */
export function contains(outer: AddressBlock, inner: AddressBlock): boolean {
  return (
    outer.family === inner.family &&
    outer.prefix <= inner.prefix &&
    (inner.network & mask(outer.prefix, BITS[outer.family])) === outer.network
  );
}

function mask(prefix: number, bits: number): bigint {
  return ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
}

function parseKnownBlock(cidr: string): AddressBlock {
  const parsed = parseProxyRange(cidr);
  if (typeof parsed === 'string' || parsed.length !== 1 || parsed[0] === undefined) {
    throw new Error(`not a CIDR block: ${cidr}`);
  }
  return parsed[0];
}

/** `address` is valid for `family` (checked by isIP), so the parsing can be plain. A zone index does not change the address. */
function parseAddress(address: string, family: 4 | 6): bigint {
  return family === 4 ? BigInt(parseIpv4(address)) : parseIpv6(address.replace(/%.*$/, ''));
}

function parseIpv4(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

function parseIpv6(address: string): bigint {
  let head = address;
  const tail: number[] = [];
  if (address.includes('.')) {
    // An IPv4 tail (`::ffff:10.0.0.1`) stands for the last two groups.
    const lastColon = address.lastIndexOf(':');
    const ipv4 = parseIpv4(address.slice(lastColon + 1));
    tail.push(Math.floor(ipv4 / 65_536), ipv4 % 65_536);
    head = address.slice(0, address.endsWith('::', lastColon + 1) ? lastColon + 1 : lastColon);
  }
  const [left = '', right] = head.split('::');
  const groups = (text: string): number[] => (text === '' ? [] : text.split(':').map((group) => parseInt(group, 16)));
  const leading = groups(left);
  const trailing = [...(right === undefined ? [] : groups(right)), ...tail];
  const zeros = right === undefined ? 0 : 8 - leading.length - trailing.length;
  return [...leading, ...Array<number>(zeros).fill(0), ...trailing].reduce(
    (value, group) => (value << 16n) | BigInt(group),
    0n,
  );
}
