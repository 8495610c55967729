import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Aspects, Fn, TerraformResource, Token, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { loadEnvironments } from "../../config/environments";
import { GitanaPlatform } from "../../constructs/gitana-platform";
import { createApp } from "../../constructs/gitana-platform/app";
import { EnvStack } from "../../constructs/gitana-platform/env-stack";
import { GitanaNetwork } from "../../constructs/network";
import { declareModuleInputs, CREATE_NETWORK_VARIABLE } from "./module-inputs";
import { dependOnChecks, makeConditional, splitIntoFiles, type ModuleJson } from "./module-json";
import { moduleReadme } from "./module-readme";
import { DIST_DIR, DOCS_DIR, ENVS_DIR } from "../paths";

/**
 * Module mode: the platform as a child Terraform module for a root of yours, which brings the
 * provider (account, region, credentials, default_tags) and the backend. What differs between
 * estates is a variable (./module-inputs.ts) whose default is the chosen env's value;
 * what shapes the resource graph (counts, protection, which layers exist) is the env's, fixed
 * when the module is generated (docs/module-mode.md lists both).
 */

/** The version callers pin; CHANGELOG.md has an entry for each. Semantic: a major for breaking input or output changes. */
export const MODULE_VERSION = "1.0.0";

/**
 * Planned here with 5.100.0 (the provider mirror); 6.x checked against the provider's 6.0 upgrade
 * guide (./provider-6.ts), not planned here.
 */
export const AWS_PROVIDER_CONSTRAINT = ">= 5.100.0, < 7.0.0";

/** Write-only arguments (secret_string_wo) need Terraform 1.11; checks and one() need less. */
export const TERRAFORM_CONSTRAINT = ">= 1.11.0";

/** The module's README as committed: a change to inputs or outputs shows in review, and a test fails until it is regenerated. */
export const MODULE_REFERENCE = join(DOCS_DIR, "module-reference.md");

/** The env whose shape and defaults the module takes unless told otherwise. */
export const DEFAULT_MODULE_ENV = "prod";

/** Merges `tags` (the caller's) under each taggable resource's own tags. */
class CallerTags implements IAspect {
  constructor(private readonly tags: Record<string, string>) {}
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || !("tagsInput" in node)) return;
    const taggable = node as TerraformResource & { tags: unknown; tagsInput?: object };
    taggable.tags = Token.asStringMap(Fn.merge([this.tags, taggable.tagsInput ?? {}]));
  }
}

/** Synthesizes the module into `<outDir>/gitana` and returns that folder. */
export function synthTerraformModule(outDir: string, env = DEFAULT_MODULE_ENV): string {
  const base = loadEnvironments(ENVS_DIR).find((c) => c.env === env);
  if (!base || base.kind !== "platform")
    throw new Error(`module mode needs a platform env; "${env}" is not one`);
  const synthDir = join(outDir, ".synth");
  mkdirSync(synthDir, { recursive: true });
  // A child module has no provider block of its own (the caller's is used), which cdktf's
  // validation would refuse; it still declares which provider it needs.
  const app = createApp({ outdir: synthDir, skipValidation: true });
  const stack = new EnvStack(app, "gitana");
  stack.addOverride("terraform.required_version", TERRAFORM_CONSTRAINT);
  stack.addOverride("terraform.required_providers", {
    aws: { source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT },
  });
  const inputs = declareModuleInputs(stack, base);
  const platform = new GitanaPlatform(stack, "gitana", {
    config: inputs.config,
    aws: inputs.aws,
    rootModule: false,
  });
  const network = new GitanaNetwork(stack, "network", {
    aws: inputs.aws,
    namePrefix: platform.namePrefix,
    availabilityZones: inputs.config.availabilityZones,
    vpcCidr: inputs.network.vpcCidr,
    natStrategy: inputs.network.natStrategy,
    subnetPrefixLengths: inputs.network.subnetPrefixLengths,
    interfaceEndpoints: inputs.network.interfaceEndpoints,
    flowLogRetentionDays: inputs.config.logRetentionDays,
    logsKmsKeyArn: platform.keys.logs.keyArn,
  });
  inputs.bindNetwork(network);
  Aspects.of(stack).add(new CallerTags(inputs.tags));
  app.synth();

  const json = JSON.parse(
    readFileSync(join(synthDir, "stacks", "gitana", "cdk.tf.json"), "utf8"),
  ) as ModuleJson;
  rmSync(synthDir, { recursive: true, force: true });
  // cdktf gives every stack a local backend when it has none; a child module has no backend.
  delete json.terraform.backend;
  makeConditional(json, "network", `var.${CREATE_NETWORK_VARIABLE}`);
  dependOnChecks(json, inputs.checks);
  json.output = {
    ...json.output,
    module_version: { value: MODULE_VERSION, description: "The version of this module" },
  };

  const moduleDir = join(outDir, "gitana");
  rmSync(moduleDir, { recursive: true, force: true });
  mkdirSync(moduleDir, { recursive: true });
  const header = `Generated by npm run synth:module (module ${MODULE_VERSION}, shape of env ${env}); do not edit.`;
  for (const [file, content] of Object.entries(splitIntoFiles(json, header)))
    writeFileSync(join(moduleDir, file), `${JSON.stringify(content, null, 2)}\n`);
  writeFileSync(join(moduleDir, "README.md"), moduleReadme(json, { version: MODULE_VERSION, env }));
  return moduleDir;
}

/**
 * `npm run synth:module`: the module into dist/terraform-module/gitana/, packed beside it, and
 * its README copied to docs/module-reference.md.
 */
export function releaseModule(env: string): { moduleDir: string; archive: string } {
  const moduleDir = synthTerraformModule(join(DIST_DIR, "terraform-module"), env);
  copyFileSync(join(moduleDir, "README.md"), MODULE_REFERENCE);
  return { moduleDir, archive: packModule(moduleDir) };
}

/**
 * Packs the module as `gitana-module-<version>.tar.gz` beside it, byte for byte the same for the
 * same content (sorted names, fixed times and owners), so a checksum identifies a release.
 */
export function packModule(moduleDir: string): string {
  const archive = join(dirname(moduleDir), `gitana-module-${MODULE_VERSION}.tar.gz`);
  const tar = spawnSync(
    "tar",
    [
      "--sort=name",
      "--mtime=@0",
      "--owner=0",
      "--group=0",
      "--numeric-owner",
      "-C",
      moduleDir,
      "-cf",
      "-",
      ".",
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.toString()}`);
  // gzip -n: no name or time in the header, so the archive is reproducible.
  const gzip = spawnSync("gzip", ["-n", "-9"], { input: tar.stdout, maxBuffer: 64 * 1024 * 1024 });
  if (gzip.status !== 0) throw new Error(`gzip failed: ${gzip.stderr.toString()}`);
  writeFileSync(archive, gzip.stdout);
  return archive;
}
