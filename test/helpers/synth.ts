import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import { loadEnvironments } from "../../config/environments";
import { loadEnvConfig } from "../../config/load";
import { ENVS_DIR } from "../../tools/paths";
import type { EnvConfig } from "../../config/schema";
import { buildEnvStacks } from "../../constructs/gitana-platform/stacks";

import type { StackJson } from "../../synthesized/stack-json";

export type { StackJson } from "../../synthesized/stack-json";

/** Validates `raw` as env `env` (exactly as main.ts does) and synthesizes its stack. */
export function synthEnv(env: string, raw: unknown): StackJson {
  const [stack] = buildEnvStacks(Testing.app() as App, [loadEnvConfig(env, raw)]);
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

/** Synthesizes an already validated config. */
export function synthConfig(config: EnvConfig): StackJson {
  const [stack] = buildEnvStacks(Testing.app() as App, [config]);
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

/**
 * Every shipped env, loaded and built as `npm run synth` does, synthesized in memory. Unlike the
 * cdktf app's synth, this runs no validation, so no `terraform version` process.
 */
export function synthShippedEnvs(): Record<string, StackJson> {
  const stacks = buildEnvStacks(Testing.app() as App, loadEnvironments(ENVS_DIR));
  return Object.fromEntries(
    stacks.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack)) as StackJson]),
  );
}

/** Writes each stack to `<temp>/<env>/cdk.tf.json`, for readers that take a stack folder. */
export function writeStacks(stacks: Record<string, StackJson>): Record<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "gitana-stacks-"));
  return Object.fromEntries(
    Object.entries(stacks).map(([env, stack]) => {
      const dir = join(outdir, env);
      mkdirSync(dir);
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(stack, null, 2));
      return [env, dir];
    }),
  );
}

/** All resources of one type, as [logical name, attributes]. */
export function resourcesOf(stack: StackJson, type: string): [string, Record<string, unknown>][] {
  return Object.entries(stack.resource?.[type] ?? {});
}

/** The only resource of a type whose logical name contains `nameFragment`; fails otherwise. */
export function resourceOf(
  stack: StackJson,
  type: string,
  nameFragment = "",
): Record<string, unknown> {
  return findOne(stack, type, nameFragment)[1];
}

/** The Terraform reference to a resource's attribute, as it appears in synthesized JSON. */
export function ref(
  stack: StackJson,
  type: string,
  nameFragment: string,
  attribute: string,
): string {
  return `\${${type}.${findOne(stack, type, nameFragment)[0]}.${attribute}}`;
}

/** The address (`type.name`) of the one resource of a type whose name contains `nameFragment`. */
export function address(stack: StackJson, type: string, nameFragment: string): string {
  return `${type}.${findOne(stack, type, nameFragment)[0]}`;
}

/** The statements of the aws_iam_policy_document a `${data.aws_iam_policy_document.X.json}` reference points at. */
export function policyStatements(stack: StackJson, reference: unknown): Record<string, unknown>[] {
  const match = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(String(reference));
  if (!match) throw new Error(`not a policy document reference: ${String(reference)}`);
  const document = stack.data?.aws_iam_policy_document?.[match[1]];
  if (!document) throw new Error(`no policy document ${match[1]}`);
  return document.statement as Record<string, unknown>[];
}

function findOne(
  stack: StackJson,
  type: string,
  nameFragment: string,
): [string, Record<string, unknown>] {
  const matches = resourcesOf(stack, type).filter(([name]) => name.includes(nameFragment));
  if (matches.length !== 1) {
    const found = matches.map(([n]) => n).join(", ") || "none";
    throw new Error(`expected one ${type} matching "${nameFragment}", found ${found}`);
  }
  return matches[0];
}

/** The inline policies of a role, by policy name, as their statements. */
export function rolePolicies(
  stack: StackJson,
  roleFragment: string,
): Record<string, Record<string, unknown>[]> {
  const role = ref(stack, "aws_iam_role", roleFragment, "id");
  return Object.fromEntries(
    resourcesOf(stack, "aws_iam_role_policy")
      .filter(([, policy]) => policy.role === role)
      .map(([, policy]) => [policy.name as string, policyStatements(stack, policy.policy)]),
  );
}

/** The container definitions of a Gitana service's task (`api`, `api-worker`, ...), parsed. */
export function containerDefinitions(stack: StackJson, service: string): Record<string, unknown>[] {
  const definition = resourceOf(stack, "aws_ecs_task_definition", `compute_${service}_`);
  return JSON.parse(definition.container_definitions as string) as Record<string, unknown>[];
}
