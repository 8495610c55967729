/**
 * Minimal IPv4 CIDR arithmetic, done at synth time so that subnet CIDRs appear as literals in
 * the plan (readable, reviewable) and a layout that does not fit fails before Terraform runs.
 */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "a.b.c.d/n"; returns a reason string instead of throwing so callers can word errors. */
export function parseCidr(text: string): Ipv4Cidr | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return "is not an IPv4 CIDR of the form a.b.c.d/n";
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((o) => o > 255)) return "has an octet above 255";
  if (prefixLength > 32) return "has a prefix length above 32";
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const network = address - (address % blockSize(prefixLength));
  if (network !== address) {
    return `has host bits set; the network address is ${formatCidr({ network, prefixLength })}`;
  }
  return { network, prefixLength };
}

export function formatCidr(cidr: Ipv4Cidr): string {
  const n = cidr.network;
  const octets = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return `${octets.join(".")}/${cidr.prefixLength}`;
}

/** Number of addresses in a block of the given prefix length. */
export function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

/**
 * Carves consecutive blocks out of `parent`, in the order requested. Requests must be sorted
 * from largest block to smallest: then every block starts on a multiple of its own size, which
 * is what makes it a valid CIDR. Throws when the blocks do not fit.
 */
export function allocateBlocks(parent: Ipv4Cidr, prefixLengths: readonly number[]): Ipv4Cidr[] {
  let next = parent.network;
  let previous = 0;
  const blocks = prefixLengths.map((prefixLength) => {
    if (prefixLength < previous) throw new Error("allocateBlocks: requests must be largest first");
    previous = prefixLength;
    const block = { network: next, prefixLength };
    next += blockSize(prefixLength);
    return block;
  });
  if (next > parent.network + blockSize(parent.prefixLength)) {
    throw new Error(
      `the blocks need ${next - parent.network} addresses; ${formatCidr(parent)} has ${blockSize(parent.prefixLength)}`,
    );
  }
  return blocks;
}
