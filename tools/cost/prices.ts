import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ASSETS_DIR } from "../paths";

/** assets/pricing: one price table per region (`<region>.json`) and assumptions.json. */
export const PRICING_DIR = join(ASSETS_DIR, "pricing");

/**
 * One published price. The unit, the day it was read and the page it came from travel with the
 * number, so a reviewer can check any line of an estimate against its source.
 */
const price = z.strictObject({
  usd: z.number().nonnegative(),
  unit: z.string().min(1),
  taken: z.iso.date(),
  source: z.url({ protocol: /^https$/, hostname: /^aws\.amazon\.com$/ }),
  note: z.string().min(1),
});
export type Price = z.infer<typeof price>;

const vcpuAndMemory = z.strictObject({ vcpuHour: price, gbHour: price });
const byArchitecture = z.strictObject({ X86_64: vcpuAndMemory, ARM64: vcpuAndMemory });
const byName = z.record(z.string().min(1), price);

const priceTable = z.strictObject({
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
  currency: z.literal("USD"),
  fargate: z.strictObject({
    onDemand: byArchitecture,
    spot: byArchitecture,
    ephemeralStorageGbHour: price,
  }),
  documentdb: z.strictObject({
    instanceHour: byName,
    storageGbMonth: price,
    ioPerMillion: price,
    backupGbMonth: price,
  }),
  opensearch: z.strictObject({ instanceHour: byName, gp3GbMonth: price }),
  elasticache: z.strictObject({ valkeyNodeHour: byName }),
  natGateway: z.strictObject({ hour: price, dataProcessedGb: price }),
  publicIpv4: z.strictObject({ hour: price }),
  alb: z.strictObject({ hour: price, lcuHour: price }),
  interfaceEndpoint: z.strictObject({ azHour: price, dataProcessedGb: price }),
  kms: z.strictObject({ keyMonth: price, requestsPer10k: price }),
  secretsManager: z.strictObject({ secretMonth: price, apiCallsPer10k: price }),
  cloudwatch: z.strictObject({
    logsIngestedGb: price,
    logsStoredGbMonth: price,
    metricMonth: price,
    alarmMonth: price,
  }),
  s3: z.strictObject({ standardGbMonth: price }),
  waf: z.strictObject({ webAclMonth: price, ruleMonth: price, requestsPerMillion: price }),
  sqs: z.strictObject({ requestsPerMillion: price }),
  sns: z.strictObject({ publishesPerMillion: price }),
  dynamodb: z.strictObject({
    writeRequestUnitsPerMillion: price,
    readRequestUnitsPerMillion: price,
    storageGbMonth: price,
    pitrGbMonth: price,
  }),
  cloudMap: z.strictObject({ registeredInstanceMonth: price }),
});
export type PriceTable = z.infer<typeof priceTable>;

/** Validates a parsed price table; the error names the file and every bad field. */
export function parsePriceTable(raw: unknown, file = "price table"): PriceTable {
  const result = priceTable.safeParse(raw);
  if (!result.success) {
    throw new Error(`${file} is not a valid price table:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** The regions a price table ships for. */
export function pricedRegions(dir = PRICING_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^[a-z]{2}(-[a-z]+)+-\d\.json$/.test(f))
    .map((f) => f.replace(/\.json$/, ""))
    .sort();
}

/**
 * The price table of `region`. An env in a region without a table is an error, never an estimate
 * at another region's prices.
 */
export function loadPriceTable(region: string, dir = PRICING_DIR): PriceTable {
  const file = join(dir, `${region}.json`);
  if (!existsSync(file)) {
    throw new Error(
      `No price table for region ${region}: add ${file} (regions with one: ${pricedRegions(dir).join(", ")})`,
    );
  }
  const table = parsePriceTable(JSON.parse(readFileSync(file, "utf8")), file);
  if (table.region !== region) {
    throw new Error(`${file} says its region is ${table.region}, not ${region}`);
  }
  return table;
}

/** Every price of a table, with its path, e.g. `fargate.onDemand.ARM64.vcpuHour`. */
export function allPrices(table: PriceTable): [string, Price][] {
  const out: [string, Price][] = [];
  const walk = (node: unknown, path: string): void => {
    if (typeof node !== "object" || node === null) return;
    if ("usd" in node && "source" in node) {
      out.push([path, node as Price]);
      return;
    }
    for (const [key, value] of Object.entries(node)) walk(value, path ? `${path}.${key}` : key);
  };
  walk(table, "");
  return out;
}
