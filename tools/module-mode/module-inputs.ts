import { Fn, TerraformLocal, TerraformVariable, Token, type TerraformStack } from "cdktf";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { DOCDB_INSTANCE_CLASS, OPENSEARCH_INSTANCE_TYPE } from "../../config/data-layer";
import {
  LOG_RETENTION_DAYS,
  MAX_NAME_BASE_LENGTH,
  type PlatformEnvConfig,
} from "../../config/schema";
import type { AwsEnv } from "../../constructs/core/aws-env";
import type { NetworkOutputs } from "../../constructs/network";

/**
 * Module mode's inputs: what differs from one Terraform estate to the next becomes a typed,
 * described, validated variable whose default is the chosen env's value; account, region and
 * partition come from the calling root's provider (data sources), with the checks that tie them
 * to the variables. A failed check stops `terraform plan` while it reads data sources, before any
 * resource change is printed.
 */

/**
 * The variable that makes the module create its own network. A bool the caller writes, because
 * `count` must be known at plan: `vpc_id == null` is unknown when the id comes from a resource
 * of the caller's that does not exist yet.
 */
export const CREATE_NETWORK_VARIABLE = "create_network";

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const AZ = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d[a-z]$/;
const TIERS = ["public", "private", "data"] as const;

interface VariableSpec {
  readonly type: string;
  readonly description: string;
  /** Omitted: the caller must set it. */
  readonly default?: unknown;
  /** [Terraform condition, message] pairs. */
  readonly rules?: ReadonlyArray<readonly [string, string]>;
}

function variable(stack: TerraformStack, name: string, spec: VariableSpec): TerraformVariable {
  const declared = new TerraformVariable(stack, name, {
    type: spec.type,
    description: spec.description,
    ...(spec.default === undefined || spec.default === null ? {} : { default: spec.default }),
    validation: spec.rules?.map(([condition, errorMessage]) => ({
      condition: `\${${condition}}`,
      errorMessage,
    })),
  });
  // cdktf cannot write a null default itself.
  if (spec.default === null) declared.addOverride("default", null);
  return declared;
}

/** A JS regular expression as an HCL string literal (RE2 accepts the patterns used here). */
const hclRegex = (pattern: RegExp): string => JSON.stringify(pattern.source);

/** `var.x` is null, or passes `rule` (`try` keeps a null from erroring inside the rule). */
const nullOr = (name: string, rule: string): string => `var.${name} == null || try(${rule}, false)`;

export interface ModuleInputs {
  /** The env's config with every variable's token in place of its literal. */
  readonly config: PlatformEnvConfig;
  /** Account, region and partition of the calling root's provider. */
  readonly aws: AwsEnv;
  /** `var.tags`: merged into every taggable resource. */
  readonly tags: Record<string, string>;
  /** Addresses of the data sources whose conditions check the inputs and the provider. */
  readonly checks: readonly string[];
  /** The env's network: what the module creates with create_network = true. */
  readonly network: NonNullable<PlatformEnvConfig["network"]>;
  /**
   * Points the platform's network at the module's own network when `vpc_id` is null, else at the
   * caller's ids. Call once the module's network exists.
   */
  bindNetwork(created: NetworkOutputs): void;
}

export function declareModuleInputs(stack: TerraformStack, base: PlatformEnvConfig): ModuleInputs {
  if (!base.network)
    throw new Error(
      `module mode builds on an env that creates its network; "${base.env}" uses existingNetwork`,
    );
  const nameVariable = (varName: string, what: string, fallback: string) =>
    variable(stack, varName, {
      type: "string",
      description: `${what}; \`<name_prefix>-<env_name>\` (at most ${MAX_NAME_BASE_LENGTH} characters) prefixes every resource name`,
      default: fallback,
      rules: [
        [
          `can(regex(${hclRegex(NAME)}, var.${varName}))`,
          `${varName} must be lowercase letters, digits and single hyphens, starting with a letter.`,
        ],
      ],
    });
  const namePrefix = nameVariable("name_prefix", "Name prefix", base.namePrefix);
  const envName = nameVariable("env_name", "Environment name", base.env);
  const azs = variable(stack, "availability_zones", {
    type: "list(string)",
    description:
      "Three distinct availability zones of the provider's region; subnet i of every tier, DocumentDB instance i and OpenSearch zone awareness follow zone i",
    default: base.availabilityZones,
    rules: [
      [
        `length(var.availability_zones) == 3 && length(distinct(var.availability_zones)) == 3`,
        "availability_zones must list exactly three distinct zones.",
      ],
      [
        `alltrue([for az in var.availability_zones : can(regex(${hclRegex(AZ)}, az))])`,
        "availability_zones must be zone names such as eu-west-1a.",
      ],
    ],
  });
  const tags = variable(stack, "tags", {
    type: "map(string)",
    description:
      "Tags merged into every taggable resource, whatever the provider's default_tags; the module's own (Name, Tier, the API cluster tag) win on a clash. S3 objects take at most 10 tags",
    default: {},
    rules: [
      [
        `alltrue([for k, v in var.tags : length(k) >= 1 && length(k) <= 128 && length(v) <= 256 && !startswith(lower(k), "aws:")])`,
        "tags keys must be 1 to 128 characters not starting with aws:, values at most 256 characters.",
      ],
      [`length(var.tags) <= 10`, "tags may hold at most 10 tags (the S3 object limit)."],
    ],
  });
  variable(stack, "allowed_account_ids", {
    type: "list(string)",
    description:
      "Accounts this module may be planned in; the plan stops before showing any change when the provider's account is not one of them. Empty: any account",
    default: [],
    rules: [
      [
        `alltrue([for id in var.allowed_account_ids : can(regex("^[0-9]{12}$", id))])`,
        "allowed_account_ids must hold 12-digit account ids.",
      ],
    ],
  });

  // --- where it runs: the caller's provider, checked against the variables ---
  const identity = new DataAwsCallerIdentity(stack, "caller", {
    lifecycle: {
      postcondition: [
        {
          condition: `\${length(var.allowed_account_ids) == 0 || contains(var.allowed_account_ids, self.account_id)}`,
          errorMessage: `The provider's account \${self.account_id} is not in allowed_account_ids (\${join(", ", var.allowed_account_ids)}).`,
        },
      ],
    },
  });
  const region = new DataAwsRegion(stack, "region", {
    lifecycle: {
      postcondition: [
        {
          // id, not name: name is deprecated in provider 6 and region does not exist in 5.
          condition: `\${alltrue([for az in var.availability_zones : startswith(az, self.id) && length(az) == length(self.id) + 1])}`,
          errorMessage: `availability_zones (\${join(", ", var.availability_zones)}) must be zones of the provider's region \${self.id}.`,
        },
      ],
    },
  });

  // --- network: the caller's, or (all null) the module's own ---
  const tierIds = Object.fromEntries(
    TIERS.map((tier) => [
      tier,
      variable(stack, `${tier}_subnet_ids`, {
        type: "list(string)",
        description: `Your three ${tier} subnets, one per zone in availability_zones order, with create_network = false`,
        default: null,
        rules: [
          [
            nullOr(
              `${tier}_subnet_ids`,
              `length(var.${tier}_subnet_ids) == 3 && alltrue([for id in var.${tier}_subnet_ids : can(regex("^subnet-", id))])`,
            ),
            `${tier}_subnet_ids must hold exactly three subnet ids (subnet-...).`,
          ],
        ],
      }),
    ]),
  ) as Record<(typeof TIERS)[number], TerraformVariable>;
  variable(stack, CREATE_NETWORK_VARIABLE, {
    type: "bool",
    description: `Create the network (a ${base.network.vpcCidr} VPC, three subnets per tier, NAT, flow logs); false: give vpc_id, vpc_cidr and the three subnet lists of yours`,
    default: true,
  });
  const vpcId = variable(stack, "vpc_id", {
    type: "string",
    description: "Your VPC, with create_network = false",
    default: null,
    rules: [
      [nullOr("vpc_id", `can(regex("^vpc-", var.vpc_id))`), "vpc_id must be a VPC id (vpc-...)."],
    ],
  });
  const vpcCidr = variable(stack, "vpc_cidr", {
    type: "string",
    description:
      "Your VPC's IPv4 CIDR (internal load balancers admit it), with create_network = false",
    default: null,
    rules: [
      [nullOr("vpc_cidr", "cidrhost(var.vpc_cidr, 0) != null"), "vpc_cidr must be an IPv4 CIDR."],
    ],
  });
  const networkVariables = ["vpc_id", "vpc_cidr", ...TIERS.map((t) => `${t}_subnet_ids`)];
  // Preconditions read before any resource is planned: names that fit, a network all or nothing.
  const partition = new DataAwsPartition(stack, "partition", {
    lifecycle: {
      precondition: [
        {
          condition: `\${length("\${var.name_prefix}-\${var.env_name}") <= ${MAX_NAME_BASE_LENGTH}}`,
          errorMessage: `"\${var.name_prefix}-\${var.env_name}" is longer than ${MAX_NAME_BASE_LENGTH} characters, which the tightest AWS name limit here (an OpenSearch domain, 28 with its -search suffix) needs.`,
        },
        {
          condition: `\${length(compact([${networkVariables.map((v) => `var.${v} == null ? "" : "set"`).join(", ")}])) == (var.${CREATE_NETWORK_VARIABLE} ? 0 : ${networkVariables.length})}`,
          errorMessage: `With create_network = false give all of ${networkVariables.join(", ")} (your network); with create_network = true (the default) give none of them.`,
        },
      ],
    },
  });

  // --- sizes ---
  const docdbClass = variable(stack, "documentdb_instance_class", {
    type: "string",
    description: `DocumentDB instance class (${base.documentDb.instanceCount} instances)`,
    default: base.documentDb.instanceClass,
    rules: [
      [
        `can(regex(${hclRegex(DOCDB_INSTANCE_CLASS)}, var.documentdb_instance_class))`,
        "documentdb_instance_class must be a DocumentDB 5.0 class: db.t3.medium, db.t4g.medium, or db.r5/r6g/r6gd/r8g.large to .24xlarge.",
      ],
    ],
  });
  const searchType = (varName: string, what: string, fallback: string) =>
    variable(stack, varName, {
      type: "string",
      description: what,
      default: fallback,
      rules: [
        [
          `can(regex(${hclRegex(OPENSEARCH_INSTANCE_TYPE)}, var.${varName}))`,
          `${varName} must be an OpenSearch instance type such as r7g.large.search.`,
        ],
      ],
    });
  const searchData = searchType(
    "opensearch_instance_type",
    `OpenSearch data node instance type (${base.openSearch.instanceCount} nodes)`,
    base.openSearch.instanceType,
  );
  const master = base.openSearch.dedicatedMaster;
  const searchMaster =
    master &&
    searchType(
      "opensearch_master_instance_type",
      `OpenSearch dedicated master instance type (${master.count} nodes)`,
      master.instanceType,
    );
  const retention = variable(stack, "log_retention_days", {
    type: "number",
    description: "Retention of every log group, in days",
    default: base.logRetentionDays,
    rules: [
      [
        `contains([${LOG_RETENTION_DAYS.join(", ")}], var.log_retention_days)`,
        "log_retention_days must be one of the CloudWatch Logs retention periods.",
      ],
    ],
  });

  // --- DNS: with a domain (a construct-time choice), its name and zone are the caller's ---
  const domain = base.compute.domain && {
    ...base.compute.domain,
    name: variable(stack, "domain_name", {
      type: "string",
      description:
        "The domain Gitana is served under (api.<domain>, ui.<domain>, ...); its certificate is validated in hosted_zone_id",
      rules: [
        [
          `can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\\\.)+[a-z]{2,63}$", var.domain_name))`,
          "domain_name must be a lowercase DNS name such as cms.example.com.",
        ],
      ],
    }).stringValue,
    hostedZoneId: variable(stack, "hosted_zone_id", {
      type: "string",
      description: "The public Route 53 hosted zone of domain_name",
      rules: [
        [
          `can(regex("^Z[A-Z0-9]+$", var.hosted_zone_id))`,
          "hosted_zone_id must be a Route 53 zone id (Z...).",
        ],
      ],
    }).stringValue,
  };

  // local.<name>: the network in use; its expression is set by bindNetwork.
  const local = (name: string) => {
    const value = new TerraformLocal(stack, `local-${name}`, null);
    value.overrideLogicalId(name);
    return value;
  };
  const networkLocal = {
    vpcId: local("vpc_id"),
    vpcCidr: local("vpc_cidr"),
    subnets: Object.fromEntries(TIERS.map((t) => [t, local(`${t}_subnet_ids`)])) as Record<
      (typeof TIERS)[number],
      TerraformLocal
    >,
  };
  const three = (list: string[]) => [0, 1, 2].map((i) => Token.asString(Fn.element(list, i)));
  const zoneNames = three(azs.listValue);
  return {
    aws: {
      accountId: identity.accountId,
      region: region.id,
      partition: partition.partition,
    },
    tags: Token.asStringMap(tags.value),
    checks: [identity, region, partition].map(
      (d) => `data.${d.terraformResourceType}.${d.friendlyUniqueId}`,
    ),
    network: base.network,
    config: {
      ...base,
      namePrefix: namePrefix.stringValue,
      env: envName.stringValue,
      availabilityZones: zoneNames,
      accountId: identity.accountId,
      region: region.id,
      tags: {},
      network: undefined,
      existingNetwork: {
        vpcId: networkLocal.vpcId.asString,
        vpcCidr: networkLocal.vpcCidr.asString,
        subnetIds: {
          public: three(networkLocal.subnets.public.asList),
          private: three(networkLocal.subnets.private.asList),
          data: three(networkLocal.subnets.data.asList),
        },
      },
      logRetentionDays: retention.numberValue,
      documentDb: { ...base.documentDb, instanceClass: docdbClass.stringValue },
      openSearch: {
        ...base.openSearch,
        instanceType: searchData.stringValue,
        dedicatedMaster: searchMaster && { ...master, instanceType: searchMaster.stringValue },
      },
      // Terraform accepts import blocks only in a root module: the calling root adopts resources.
      imports: {},
      compute: { ...base.compute, domain },
    } as PlatformEnvConfig,
    bindNetwork(created) {
      // coalesce: the caller's value when given, else the module's (null when not created).
      networkLocal.vpcId.expression = Fn.coalesce([vpcId.stringValue, created.vpcId]);
      networkLocal.vpcCidr.expression = Fn.coalesce([vpcCidr.stringValue, created.vpcCidr]);
      for (const tier of TIERS)
        networkLocal.subnets[tier].expression = Fn.coalesce([
          tierIds[tier].listValue,
          created.subnetIds[tier],
        ]);
    },
  };
}
