import { z } from "zod";
import { REGION_PATTERN } from "../facts/aws-env";
import { blockSize, formatCidr, parseCidr } from "../facts/cidr";
import {
  addressesNeeded,
  defaultSubnetPrefixLengths,
  MAX_SUBNET_PREFIX,
  SUBNET_TIERS,
} from "../facts/subnet-layout";
import { checkPlainHttpExposure, computeSchema } from "./compute";
import { gitanaConfigSchema } from "./gitana-config";
import {
  existingEcsClusterSchema,
  existingKeysSchema,
  existingNetworkSchema,
} from "./bring-your-own";
import { importsSchema } from "./imports";
import { stateAccessSchema } from "./state-access";
import { suppressionsSchema } from "./suppressions";
import { availabilityZonesOf, AVAILABILITY_ZONES_AS_OF } from "./availability-zones";
import { documentDbSchema, iamSchema, openSearchSchema, protectionSchema } from "./data-layer";
import { sessionStoreSchema } from "./session-store";

/**
 * The one schema every environment config passes through at synth. Messages name the value's
 * rule in a sentence; `loadEnvConfig` prefixes env, field and the offending value.
 * Objects are strict: an unknown key is a typo until proven otherwise.
 */

/** `${namePrefix}-${env}` prefixes every resource name. 20 characters keeps the tightest AWS
 * limit in this estate satisfied: an OpenSearch domain name (28) such as `<base>-search`. */
export const MAX_NAME_BASE_LENGTH = 20;

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const accountId = z
  .string({ error: "must be a string of 12 digits" })
  .regex(/^\d{12}$/, { error: "must be an AWS account id: exactly 12 digits, as a string" });

/** The AWS region code, e.g. `eu-west-1`. */
const region = z
  .string({ error: "must be a string" })
  .regex(REGION_PATTERN, { error: "must be an AWS region code such as eu-west-1" });

/** Prefix of resource names: lowercase letters, digits and single hyphens. */
const namePrefix = z
  .string({ error: "must be a string" })
  .min(1, { error: "must not be empty" })
  .regex(NAME_PATTERN, {
    error: "must be lowercase letters, digits and single hyphens, starting with a letter",
  });

/** Applied to every taggable resource via the provider's default_tags. */
const tags = z.record(
  z
    .string()
    .min(1, { error: "tag keys must not be empty" })
    .max(128, { error: "tag keys must be at most 128 characters" })
    .refine((key) => !key.toLowerCase().startsWith("aws:"), {
      error: "tag keys must not start with the reserved prefix aws:",
    }),
  z.string().max(256, { error: "tag values must be at most 256 characters" }),
  // Only for a non-map: the key and value checks above word their own messages.
  {
    error: (issue) =>
      issue.code === "invalid_type" ? "must be a map of tag key to string value" : undefined,
  },
);

const logRetentionDays = z
  .number({ error: "must be a number of days" })
  .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
    error: `must be one of the CloudWatch Logs retention periods: ${LOG_RETENTION_DAYS.join(", ")}`,
  });

/** Where Terraform state lives. envs/state-backend.ts holds the one instance all envs share, so
 * the bootstrap stack that creates the bucket and the envs that use it derive the same names. */
export const stateBackendSchema = z.strictObject({
  /** Account that holds the state bucket and lock table (often a tooling account). */
  accountId,
  region,
  /** Prefix of the bucket, table and key alias names. */
  namePrefix,
  /** Your state bucket, lock table and KMS key instead of the bootstrap env's (then skip it).
   * @default - the names derived from accountId, region and namePrefix */
  existing: z
    .strictObject({
      /** Name of your state bucket. */
      bucket: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "must be an S3 bucket name" }),
      /** Name of your DynamoDB lock table (partition key `LockID`, a string). */
      lockTable: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: "must be a DynamoDB table name" }),
      /** The KMS key (or alias) ARN your state objects are encrypted with. */
      kmsKeyArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:kms:/, { error: "must be a KMS key or alias ARN" }),
    })
    .optional(),
  /** Also lock with an S3 lock file (Terraform >= 1.10), beside DynamoDB. @default false */
  useLockfile: z.boolean({ error: "must be true or false" }).default(false),
});

/** The prefix length of each of the tier's three subnets, e.g. 24 for /24. */
const subnetPrefixLength = z
  .number({ error: "must be a prefix length such as 24" })
  .int({ error: "must be a whole number" })
  .max(MAX_SUBNET_PREFIX, {
    error: `must be at most ${MAX_SUBNET_PREFIX} (the smallest subnet AWS allows)`,
  });

const networkSchema = z.strictObject({
  /** The VPC's IPv4 range. AWS allows /16 to /28; nine subnets need at least a /24. */
  vpcCidr: z.string({ error: "must be an IPv4 CIDR string such as 10.0.0.0/16" }),
  /** `single`: one NAT gateway (cheap, one AZ's outage cuts egress); `perAz`: one per AZ. */
  natStrategy: z.enum(["single", "perAz"], { error: "must be one of: single, perAz" }),
  /** Subnet sizes per tier. @default private VPC+2, public and data VPC+6 (see subnet-layout) */
  subnetPrefixLengths: z
    .strictObject({
      public: subnetPrefixLength,
      private: subnetPrefixLength,
      data: subnetPrefixLength,
    })
    .optional(),
  /** Interface endpoints for ecr.api, ecr.dkr, logs, secretsmanager, sqs, sns and sts, so tasks
   * reach those APIs without the NAT gateway. @default false */
  interfaceEndpoints: z.boolean({ error: "must be true or false" }).default(false),
});

const alarmsSchema = z.strictObject({
  /** Addresses that get every alarm by email; each confirms its subscription once. @default [] */
  emails: z
    .array(z.email({ error: "must be an email address such as ops@example.com" }), {
      error: "must be a list of email addresses",
    })
    .default([]),
});

export const platformEnvSchema = z
  .strictObject({
    /** An env that runs Gitana. */
    kind: z.literal("platform", { error: 'must be "platform" or "bootstrap"' }),
    /** The only account this stack may touch (provider allowed_account_ids). */
    accountId,
    region,
    /** Exactly three AZs of the region, named so that plans need no AWS look-up. */
    availabilityZones: z
      .array(z.string({ error: "must be a string" }), { error: "must be a list of AZ names" })
      .length(3, { error: "must list exactly three availability zones" }),
    /** Prefixes every resource name as `<namePrefix>-<env>`, which must stay within 20 characters
     * (an OpenSearch domain name such as `<base>-search` may have 28). */
    namePrefix,
    /** Applied to every taggable resource via the provider's default_tags. */
    tags: tags.default({}),
    /** Retention of every CloudWatch log group of the env, in days: one of the periods CloudWatch
     * Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
     * 2557, 2922, 3288, 3653). */
    logRetentionDays,
    /** The VPC to create. Give either this or existingNetwork. */
    network: networkSchema.optional(),
    /** Your VPC and subnets instead of ours. @default - create the network */
    existingNetwork: existingNetworkSchema.optional(),
    /** Your KMS keys instead of ours, per kind. @default - create all four */
    existingKeys: existingKeysSchema.default({}),
    /** Your ECS cluster instead of ours. @default - create the cluster */
    existingEcsCluster: existingEcsClusterSchema.optional(),
    /** Guards against losing data; prod keeps both on. */
    protection: protectionSchema.prefault({}),
    documentDb: documentDbSchema,
    openSearch: openSearchSchema,
    iam: iamSchema.prefault({}),
    compute: computeSchema,
    /** The UI's shared session store, created exactly when compute.services.ui.maxCount > 1.
     * @default - a cache.t4g.small store when the ui can scale out, none otherwise */
    sessionStore: sessionStoreSchema.optional(),
    /** Who hears of the env's CloudWatch alarms (besides subscribers of output alarm_topic_arn). */
    alarms: alarmsSchema.prefault({}),
    /** Additions to the Gitana configuration we render. */
    gitanaConfig: gitanaConfigSchema.prefault({}),
    /** Security-baseline controls this env accepts failing, each with its reason. @default [] */
    suppressions: suppressionsSchema,
    /** Existing resources to adopt with import blocks, by construct path. @default {} */
    imports: importsSchema,
    stateBackend: stateBackendSchema,
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    const zones = availabilityZonesOf(config.region);
    // With no valid region, region's own message says it all.
    if (REGION_PATTERN.test(config.region))
      config.availabilityZones.forEach((az, i) => {
        if (!new RegExp(`^${config.region}[a-z]$`).test(az)) {
          ctx.addIssue({
            code: "custom",
            path: ["availabilityZones", i],
            input: az,
            message: `is not an availability zone of region ${config.region} (expected ${config.region}a, ${config.region}b, ...)`,
          });
        } else if (zones && !zones.includes(az)) {
          ctx.addIssue({
            code: "custom",
            path: ["availabilityZones", i],
            input: az,
            message: `does not exist: region ${config.region} has ${zones.join(", ")} (AWS, as of ${AVAILABILITY_ZONES_AS_OF})`,
          });
        } else if (seen.has(az)) {
          ctx.addIssue({
            code: "custom",
            path: ["availabilityZones", i],
            input: az,
            message: "is listed twice; the three zones must be distinct",
          });
        }
        seen.add(az);
      });
    if (config.network && config.existingNetwork) {
      ctx.addIssue({
        code: "custom",
        path: ["existingNetwork"],
        input: "(set)",
        message:
          "and network are both set: give network to create a VPC, or existingNetwork to use yours",
      });
    } else if (!config.network && !config.existingNetwork) {
      ctx.addIssue({
        code: "custom",
        path: ["network"],
        input: undefined,
        message: "must be given unless existingNetwork names your VPC and subnets",
      });
    }
    if (config.network) checkNetworkFits(config.network, config.availabilityZones.length, ctx);
    if (config.sessionStore && config.compute.services.ui.maxCount <= 1) {
      ctx.addIssue({
        code: "custom",
        path: ["sessionStore"],
        input: "(set)",
        message: `has no effect: the store exists only when compute.services.ui.maxCount is above 1 (it is ${config.compute.services.ui.maxCount}); one ui task keeps its state in process`,
      });
    }
    checkPlainHttpExposure(config.compute, config.suppressions, ctx);
  });

function checkNetworkFits(
  network: z.infer<typeof networkSchema>,
  azCount: number,
  ctx: z.RefinementCtx,
): void {
  const vpc = parseCidr(network.vpcCidr);
  if (typeof vpc === "string") {
    ctx.addIssue({
      code: "custom",
      path: ["network", "vpcCidr"],
      input: network.vpcCidr,
      message: vpc,
    });
    return;
  }
  if (vpc.prefixLength < 16 || vpc.prefixLength > 24) {
    ctx.addIssue({
      code: "custom",
      path: ["network", "vpcCidr"],
      input: network.vpcCidr,
      message:
        "must have a prefix length from /16 (the largest VPC AWS allows) to /24 (room for nine subnets)",
    });
    return;
  }
  const sizes = network.subnetPrefixLengths ?? defaultSubnetPrefixLengths(vpc.prefixLength);
  for (const tier of SUBNET_TIERS) {
    if (sizes[tier] <= vpc.prefixLength) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "subnetPrefixLengths", tier],
        input: sizes[tier],
        message: `must be longer than the VPC's /${vpc.prefixLength}: three subnets per tier must fit inside it`,
      });
    } else if (sizes[tier] > MAX_SUBNET_PREFIX) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "subnetPrefixLengths", tier],
        input: sizes[tier],
        message: `gives subnets smaller than /${MAX_SUBNET_PREFIX}, the smallest AWS allows`,
      });
    }
  }
  const needed = addressesNeeded(sizes, azCount);
  if (needed > blockSize(vpc.prefixLength)) {
    const layout = SUBNET_TIERS.map((t) => `${azCount} x /${sizes[t]} ${t}`).join(", ");
    ctx.addIssue({
      code: "custom",
      path: ["network", "subnetPrefixLengths"],
      input: sizes,
      message: `does not fit: ${layout} need ${needed} addresses but ${formatCidr(vpc)} has ${blockSize(vpc.prefixLength)}`,
    });
  }
}

/** The bootstrap env creates the state bucket and lock table that every other env uses. */
export const bootstrapEnvSchema = z.strictObject({
  /** The env that creates the state backend. */
  kind: z.literal("bootstrap", { error: 'must be "platform" or "bootstrap"' }),
  tags: tags.default({}),
  suppressions: suppressionsSchema,
  stateBackend: stateBackendSchema,
  /** The roles that may read, lock and write each env's state; everyone else is denied. */
  stateAccess: stateAccessSchema,
});

export const envConfigSchema = z.discriminatedUnion(
  "kind",
  [platformEnvSchema, bootstrapEnvSchema],
  {
    error: 'must be "platform" (a Gitana environment) or "bootstrap" (the state backend)',
  },
);

/** What an env folder writes (defaults may be omitted). */
export type PlatformEnvInput = z.input<typeof platformEnvSchema>;
export type BootstrapEnvInput = z.input<typeof bootstrapEnvSchema>;
export type StateBackendInput = z.input<typeof stateBackendSchema>;
/** What the constructs receive (defaults resolved, validated). */
export type PlatformEnvConfig = z.output<typeof platformEnvSchema> & { readonly env: string };
export type BootstrapEnvConfig = z.output<typeof bootstrapEnvSchema> & { readonly env: string };
export type EnvConfig = PlatformEnvConfig | BootstrapEnvConfig;
export type StateBackendConfig = z.output<typeof stateBackendSchema>;
