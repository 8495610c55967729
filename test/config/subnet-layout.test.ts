import { allocateBlocks, formatCidr, parseCidr, type Ipv4Cidr } from "../../facts/cidr";
import { defaultSubnetPrefixLengths, layoutSubnets } from "../../facts/subnet-layout";

function cidr(text: string): Ipv4Cidr {
  const parsed = parseCidr(text);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
}

describe("CIDR arithmetic", () => {
  test("parses and formats a CIDR round-trip", () => {
    expect(formatCidr(cidr("172.16.32.0/19"))).toBe("172.16.32.0/19");
  });

  test("allocates consecutive blocks largest first", () => {
    expect(allocateBlocks(cidr("10.0.0.0/24"), [25, 26, 26]).map(formatCidr)).toEqual([
      "10.0.0.0/25",
      "10.0.0.128/26",
      "10.0.0.192/26",
    ]);
  });

  test("refuses blocks that overflow the parent", () => {
    expect(() => allocateBlocks(cidr("10.0.0.0/24"), [25, 25, 26])).toThrow(
      "the blocks need 320 addresses; 10.0.0.0/24 has 256",
    );
  });
});

describe("subnet layout", () => {
  test("a /16 gets private /18s first, then public and data /22s, AZ by AZ", () => {
    const vpc = cidr("10.42.0.0/16");
    expect(layoutSubnets(vpc, defaultSubnetPrefixLengths(16), 3)).toEqual({
      private: ["10.42.0.0/18", "10.42.64.0/18", "10.42.128.0/18"],
      public: ["10.42.192.0/22", "10.42.196.0/22", "10.42.200.0/22"],
      data: ["10.42.204.0/22", "10.42.208.0/22", "10.42.212.0/22"],
    });
  });

  test("explicit sizes are honoured and the largest tier still comes first", () => {
    const layout = layoutSubnets(cidr("10.0.0.0/20"), { public: 26, private: 24, data: 27 }, 3);
    expect(layout).toEqual({
      private: ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"],
      public: ["10.0.3.0/26", "10.0.3.64/26", "10.0.3.128/26"],
      data: ["10.0.3.192/27", "10.0.3.224/27", "10.0.4.0/27"],
    });
  });
});
