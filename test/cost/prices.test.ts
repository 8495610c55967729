import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ASSUMPTION_LABELS,
  ASSUMPTIONS_FILE,
  assumptionsFor,
  loadAssumptionsFile,
  parseAssumptionsFile,
} from "../../tools/cost/assumptions";
import {
  allPrices,
  loadPriceTable,
  parsePriceTable,
  pricedRegions,
  PRICING_DIR,
} from "../../tools/cost/prices";
import { loadEnvironments } from "../../config/environments";
import { ENVS_DIR } from "../../tools/paths";

const TABLE = join(PRICING_DIR, "eu-west-1.json");

describe("the eu-west-1 price table", () => {
  const table = loadPriceTable("eu-west-1");

  it("gives every price its unit, the day it was taken and an AWS pricing page", () => {
    const prices = allPrices(table);
    expect(prices.length).toBeGreaterThan(30);
    for (const [path, price] of prices) {
      expect([path, ["2026-11-25", "2026-12-02"].includes(price.taken)]).toEqual([path, true]);
      expect([path, price.source]).toEqual([
        path,
        expect.stringMatching(/^https:\/\/aws\.amazon\.com\/.+\/$/),
      ]);
      expect([path, price.unit.length > 0, price.note.length > 0]).toEqual([path, true, true]);
    }
  });

  it("prices the instance classes and types the shipped envs use", () => {
    expect(Object.keys(table.documentdb.instanceHour)).toEqual(
      expect.arrayContaining(["db.t4g.medium", "db.r6g.large"]),
    );
    expect(Object.keys(table.opensearch.instanceHour)).toEqual(
      expect.arrayContaining(["t3.medium.search", "r7g.large.search", "m7g.large.search"]),
    );
    expect(Object.keys(table.elasticache.valkeyNodeHour)).toEqual(
      expect.arrayContaining(["cache.t4g.small"]),
    );
  });

  it("holds the rates the hand-worked expectations of the estimate tests use", () => {
    expect(table.fargate.onDemand.ARM64.vcpuHour.usd).toBe(0.03238);
    expect(table.fargate.onDemand.ARM64.gbHour.usd).toBe(0.00356);
    expect(table.fargate.spot.ARM64.vcpuHour.usd).toBe(0.010671);
    expect(table.natGateway.hour.usd).toBe(0.048);
  });

  it("rejects a table with a price that lacks its source, naming the field", () => {
    const raw = JSON.parse(readFileSync(TABLE, "utf8"));
    delete raw.kms.keyMonth.source;
    expect(() => parsePriceTable(raw, "t.json")).toThrow(
      /t\.json is not a valid price table[\s\S]*kms\.keyMonth\.source/,
    );
  });

  it("rejects a source that is not an AWS page", () => {
    const raw = JSON.parse(readFileSync(TABLE, "utf8"));
    raw.s3.standardGbMonth.source = "https://example.com/s3";
    expect(() => parsePriceTable(raw)).toThrow(/s3\.standardGbMonth\.source/);
  });

  it("refuses a region without a table instead of using another region's prices", () => {
    expect(() => loadPriceTable("sa-east-1")).toThrow(
      /No price table for region sa-east-1: add .*sa-east-1\.json \(regions with one: ap-southeast-2, eu-central-1, eu-west-1, us-east-1, us-west-2\)/,
    );
  });
});

describe("the usage assumptions", () => {
  const file = loadAssumptionsFile();

  it("has a default for every assumption", () => {
    expect(Object.keys(file.defaults).sort()).toEqual(Object.keys(ASSUMPTION_LABELS).sort());
  });

  it("overrides only envs that exist", () => {
    const envs = readdirSync(join(__dirname, "..", "..", "envs"), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(envs).toEqual(expect.arrayContaining(Object.keys(file.envs)));
  });

  it("lays an env's overrides over the defaults", () => {
    const prod = assumptionsFor(file, "prod");
    expect(prod.natDataProcessedGb).toBe(file.envs.prod?.natDataProcessedGb);
    expect(prod.hoursPerMonth).toBe(file.defaults.hoursPerMonth);
    expect(assumptionsFor(file, "no-such-env")).toEqual(file.defaults);
  });

  it("rejects an unknown or negative assumption, naming it", () => {
    const raw = JSON.parse(readFileSync(ASSUMPTIONS_FILE, "utf8"));
    raw.envs.dev.natGb = 1;
    raw.envs.prod.s3StoredGb = -1;
    expect(() => parseAssumptionsFile(raw)).toThrow(/natGb[\s\S]*envs\.prod\.s3StoredGb/);
  });
});

describe("the price tables of every region", () => {
  const regions = pricedRegions();
  const reference = allPrices(loadPriceTable("eu-west-1")).map(([path]) => path);

  it("cover the regions Gitana is most deployed in", () => {
    expect(regions).toEqual(
      expect.arrayContaining([
        "us-east-1",
        "us-west-2",
        "eu-west-1",
        "eu-central-1",
        "ap-southeast-2",
      ]),
    );
  });

  describe.each(regions)("%s", (region) => {
    const table = loadPriceTable(region);

    it("prices every type and instance class every other table prices", () => {
      expect(allPrices(table).map(([path]) => path)).toEqual(reference);
    });

    it("prices every instance class and type the shipped envs use", () => {
      for (const config of loadEnvironments(ENVS_DIR)) {
        if (config.kind !== "platform") continue;
        const search = [
          config.openSearch.instanceType,
          config.openSearch.dedicatedMaster?.instanceType,
        ];
        expect(Object.keys(table.documentdb.instanceHour)).toContain(
          config.documentDb.instanceClass,
        );
        for (const type of search.filter((t) => t !== undefined))
          expect(Object.keys(table.opensearch.instanceHour)).toContain(type);
      }
    });

    it("dates every price and says where it comes from and how far it was checked", () => {
      for (const [path, price] of allPrices(table)) {
        expect([path, price.taken]).toEqual([path, expect.stringMatching(/^2026-\d\d-\d\d$/)]);
        expect([path, price.note]).toEqual([path, expect.stringMatching(/\S/)]);
        expect([path, price.usd]).toEqual([path, expect.any(Number)]);
      }
    });
  });
});
