import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Fn, TerraformStack, TerraformVariable, Token } from "cdktf";
import { loadEnvironments } from "../../config/environments";
import { LOG_RETENTION_DAYS, type PlatformEnvConfig } from "../../config/schema";
import { GitanaPlatform } from "../../modules/gitana-platform";
import { createApp } from "../../modules/gitana-platform/app";
import { EnvStack } from "../../modules/gitana-platform/env-stack";
import { ENVS_DIR } from "./synth";

/**
 * Module mode: the platform as a child Terraform module, for a root of yours that already has a
 * provider, a backend and a VPC. The shape (sizes, counts, names, images) is the chosen env's;
 * what a calling root supplies becomes a Terraform variable with a type, description and
 * validation: the VPC and its subnets, the log retention and, with a domain, the hosted zone; and
 * the account and region, which must be the env's.
 */
export function synthTerraformModule(outDir: string, env = "prod"): string {
  const base = loadEnvironments(ENVS_DIR).find((c) => c.env === env);
  if (!base || base.kind !== "platform")
    throw new Error(`module mode needs a platform env; "${env}" is not one`);
  mkdirSync(join(outDir, ".synth"), { recursive: true });
  // A child module has no provider block of its own (the caller's is used), which cdktf's
  // validation would refuse; it still declares which provider it needs.
  const app = createApp({ outdir: join(outDir, ".synth"), skipValidation: true });
  const stack = new EnvStack(app, "gitana");
  stack.addOverride("terraform.required_providers", {
    aws: { source: "hashicorp/aws", version: ">= 5.100.0, < 6.0.0" },
  });
  new GitanaPlatform(stack, "gitana", { config: withVariables(stack, base), rootModule: false });
  app.synth();
  const moduleDir = join(outDir, "gitana");
  rmSync(moduleDir, { recursive: true, force: true });
  mkdirSync(moduleDir, { recursive: true });
  const synthesized = JSON.parse(
    readFileSync(join(outDir, ".synth", "stacks", "gitana", "cdk.tf.json"), "utf8"),
  );
  // cdktf gives every stack a local backend when it has none; a child module has no backend.
  delete synthesized.terraform.backend;
  writeFileSync(join(moduleDir, "main.tf.json"), `${JSON.stringify(synthesized, null, 2)}\n`);
  rmSync(join(outDir, ".synth"), { recursive: true, force: true });
  return moduleDir;
}

function withVariables(stack: TerraformStack, base: PlatformEnvConfig): PlatformEnvConfig {
  // Account and region shape key policies, ARNs and AZ names at synth, so the module is made for
  // one of each; the caller states its own, and a mismatch stops the plan with a clear message.
  new TerraformVariable(stack, "account_id", {
    type: "string",
    description: `The AWS account of the calling root's provider; this module was generated for ${base.accountId}`,
    validation: [
      {
        condition: `\${var.account_id == "${base.accountId}"}`,
        errorMessage: `This module was generated for account ${base.accountId} (npm run synth:module -- ${base.env}); generate it from an env whose accountId is yours.`,
      },
    ],
  });
  new TerraformVariable(stack, "region", {
    type: "string",
    description: `The AWS region of the calling root's provider; this module was generated for ${base.region}`,
    validation: [
      {
        condition: `\${var.region == "${base.region}"}`,
        errorMessage: `This module was generated for region ${base.region} (npm run synth:module -- ${base.env}); generate it from an env in your region.`,
      },
    ],
  });
  const subnets = (tier: string) =>
    new TerraformVariable(stack, `${tier}_subnet_ids`, {
      type: "list(string)",
      description: `The three ${tier} subnets, one per AZ, in the order of the availability_zones output`,
      validation: [
        {
          condition: `\${length(var.${tier}_subnet_ids) == 3}`,
          errorMessage: `${tier}_subnet_ids must hold exactly three subnet ids.`,
        },
      ],
    });
  const vpcId = new TerraformVariable(stack, "vpc_id", {
    type: "string",
    description: "The VPC the platform runs in",
    validation: [
      {
        condition: '${can(regex("^vpc-", var.vpc_id))}',
        errorMessage: "vpc_id must be a VPC id (vpc-...).",
      },
    ],
  });
  const vpcCidr = new TerraformVariable(stack, "vpc_cidr", {
    type: "string",
    description: "The VPC's IPv4 CIDR (internal load balancers admit it)",
    validation: [
      {
        condition: "${can(cidrhost(var.vpc_cidr, 0))}",
        errorMessage: "vpc_cidr must be an IPv4 CIDR.",
      },
    ],
  });
  const retention = new TerraformVariable(stack, "log_retention_days", {
    type: "number",
    default: base.logRetentionDays,
    description: "Retention of every log group, in days",
    validation: [
      {
        condition: `\${contains([${LOG_RETENTION_DAYS.join(", ")}], var.log_retention_days)}`,
        errorMessage: "log_retention_days must be one of the CloudWatch Logs retention periods.",
      },
    ],
  });
  const tiers = { public: subnets("public"), private: subnets("private"), data: subnets("data") };
  const three = (variable: TerraformVariable) =>
    [0, 1, 2].map((i) => Token.asString(Fn.element(variable.listValue, i)));
  const domain = base.compute.domain && {
    ...base.compute.domain,
    hostedZoneId: new TerraformVariable(stack, "hosted_zone_id", {
      type: "string",
      description: `The Route 53 hosted zone of ${base.compute.domain.name}`,
      validation: [
        {
          condition: '${can(regex("^Z[A-Z0-9]+$", var.hosted_zone_id))}',
          errorMessage: "hosted_zone_id must be a Route 53 zone id.",
        },
      ],
    }).stringValue,
  };
  return {
    ...base,
    network: undefined,
    existingNetwork: {
      vpcId: vpcId.stringValue,
      vpcCidr: vpcCidr.stringValue,
      subnetIds: {
        public: three(tiers.public),
        private: three(tiers.private),
        data: three(tiers.data),
      },
    },
    logRetentionDays: retention.numberValue,
    // Terraform accepts import blocks only in a root module: the calling root adopts resources.
    imports: {},
    compute: { ...base.compute, domain },
  };
}
