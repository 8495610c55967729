import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { PRICING_DIR } from "./prices";

export const ASSUMPTIONS_FILE = join(PRICING_DIR, "assumptions.json");

/**
 * The usage a synthesized stack cannot tell: traffic, stored data, requests. Each has a label so
 * that an estimate can print, next to its total, every number it took on trust.
 */
export const ASSUMPTION_LABELS = {
  hoursPerMonth: "hours in a month (AWS's convention)",
  natDataProcessedGb: "GB/month through the NAT gateways, all together",
  interfaceEndpointDataProcessedGb: "GB/month through the interface endpoints, all together",
  albLcuPerHour: "average LCUs per load balancer",
  logsIngestedGb: "GB/month ingested by CloudWatch Logs, all log groups together",
  logsNeverExpireMonths: "months of logs kept by a log group that never expires",
  containerInsightsMetricsPerCluster: "Container Insights metrics per cluster",
  containerInsightsMetricsPerService: "Container Insights metrics per service",
  s3StoredGb: "GB stored in S3, all buckets together",
  docdbStorageGb: "GB stored per DocumentDB cluster",
  docdbIoMillions: "million I/Os/month per DocumentDB cluster",
  docdbBackupGbBeyondFree: "GB of DocumentDB backups beyond the free 100% of storage",
  wafRequestsMillions: "million requests/month inspected by WAF, all web ACLs together",
  kmsRequests: "KMS requests/month, all keys together",
  secretsApiCalls: "Secrets Manager API calls/month",
  sqsRequestsMillions: "million SQS requests/month, all queues together",
  snsPublishesMillions: "million SNS publishes/month, all topics together",
  dynamodbWriteRequestUnitsMillions: "million DynamoDB write request units/month per table",
  dynamodbReadRequestUnitsMillions: "million DynamoDB read request units/month per table",
  dynamodbStorageGb: "GB stored per DynamoDB table",
} as const;

export type AssumptionKey = keyof typeof ASSUMPTION_LABELS;
export type Assumptions = Record<AssumptionKey, number>;

const KEYS = Object.keys(ASSUMPTION_LABELS) as [AssumptionKey, ...AssumptionKey[]];
const quantity = z.number().nonnegative();
const full = z.strictObject(
  Object.fromEntries(KEYS.map((k) => [k, quantity])) as Record<AssumptionKey, typeof quantity>,
);
const file = z.strictObject({
  $comment: z.string().optional(),
  defaults: full,
  envs: z.record(z.string(), full.partial()),
});
export type AssumptionsFile = z.infer<typeof file>;

/** Validates a parsed assumptions file: every default present, no unknown key anywhere. */
export function parseAssumptionsFile(raw: unknown, name = ASSUMPTIONS_FILE): AssumptionsFile {
  const result = file.safeParse(raw);
  if (!result.success) {
    throw new Error(`${name} is not a valid assumptions file:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export function loadAssumptionsFile(path = ASSUMPTIONS_FILE): AssumptionsFile {
  return parseAssumptionsFile(JSON.parse(readFileSync(path, "utf8")), path);
}

/** The defaults with `env`'s overrides on top. */
export function assumptionsFor(assumptions: AssumptionsFile, env: string): Assumptions {
  return { ...assumptions.defaults, ...assumptions.envs[env] };
}
