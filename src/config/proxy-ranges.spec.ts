import { type AddressBlock, contains, isSafeInProduction, parseProxyRange } from './proxy-ranges';

function block(entry: string): AddressBlock {
  const parsed = parseProxyRange(entry);
  if (typeof parsed === 'string' || parsed[0] === undefined) throw new Error(`not one block: ${entry}`);
  return parsed[0];
}

describe(parseProxyRange.name, () => {
  it.each([
    ['10.1.2.3', 4, 0x0a010203n, 32],
    ['10.1.2.3/8', 4, 0x0a000000n, 8],
    ['2001:db8::1/32', 6, 0x20010db8n << 96n, 32],
    ['::ffff:10.0.0.1', 6, (0xffffn << 32n) | 0x0a000001n, 128],
    ['1:2:3:4:5:6:7.8.9.10', 6, 0x0001000200030004000500060708090an, 128],
    ['::', 6, 0n, 128],
    ['fe80::1%eth0', 6, (0xfe80n << 112n) | 1n, 128],
  ])('reads %s as a block', (entry, family, network, prefix) => {
    expect(parseProxyRange(entry)).toEqual([{ family, network, prefix }]);
  });

  it('reads the names proxy-addr knows as its blocks', () => {
    expect(parseProxyRange('loopback')).toEqual([block('127.0.0.0/8'), block('::1')]);
    expect(parseProxyRange('uniquelocal')).toHaveLength(4);
  });

  it.each([
    ['10.0.0.0/0', 'prefix length'],
    ['10.0.0.0/00', 'prefix length'],
    ['10.0.0.0/08', 'prefix length'],
    ['10.0.0.0/+8', 'prefix length'],
    ['10.0.0.0/ 8', 'prefix length'],
    ['10.0.0.0/255.0.0.0', 'prefix length'],
    ['10.0.0.0/33', 'from 1 to 32'],
    ['::/129', 'from 1 to 128'],
    ['::/0', 'prefix length'],
    ['10.0.0.0/8/8', 'prefix length'],
    ['proxy.internal', 'not an IP address'],
    ['010.0.0.1', 'not an IP address'],
    ['constructor', 'not an IP address'],
    ['', 'not an IP address'],
  ])('refuses %j, saying why', (entry, reason) => {
    expect(parseProxyRange(entry)).toEqual(expect.stringContaining(reason));
  });
});

describe(contains.name, () => {
  it('holds for a block within another of the same family only', () => {
    expect(contains(block('10.0.0.0/8'), block('10.20.0.0/16'))).toBe(true);
    expect(contains(block('10.20.0.0/16'), block('10.0.0.0/8'))).toBe(false);
    expect(contains(block('10.0.0.0/8'), block('11.0.0.0/16'))).toBe(false);
    expect(contains(block('::/96'), block('::10.0.0.0/104'))).toBe(true);
    expect(contains(block('0.0.0.0/1'), block('::1'))).toBe(false);
  });
});

describe(isSafeInProduction.name, () => {
  it.each([
    '10.0.0.0/8',
    '10.20.30.0/24',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '100.64.0.0/10',
    '127.0.0.1',
    '169.254.0.0/16',
    '203.0.113.7',
    '203.0.113.0/24',
    '::1',
    'fe80::/10',
    'fc00::/7',
    'fd00:1::/32',
    '2001:db8:1::/48',
    '2001:db8::1',
    '::ffff:10.0.0.0/104',
    '::ffff:203.0.113.0/120',
    '64:ff9b::cb00:7100/120',
  ])('accepts %s: private, or public and small', (entry) => {
    expect(isSafeInProduction(block(entry))).toBe(true);
  });

  it.each([
    '0.0.0.0/1',
    '128.0.0.0/1',
    '1.0.0.0/8',
    '203.0.112.0/23',
    '172.16.0.0/11',
    '100.0.0.0/8',
    '::/1',
    '2001:db8::/47',
    'fc00::/6',
    '::ffff:0:0/96',
    '::ffff:203.0.112.0/119',
    '::/64',
    '64:ff9b::/96',
  ])('refuses %s: it reaches public addresses beyond a /24 or /48', (entry) => {
    expect(isSafeInProduction(block(entry))).toBe(false);
  });
});
