import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployedNetworks, DEPLOYED_NETWORKS_FILE } from "../../../config/deployed-networks";
import { ENGINE_VERSIONS_FILE } from "../../../config/engine-versions";
import { loadEnvironments } from "../../../config/environments";
import type { PlatformEnvInput } from "../../../config/schema";
import { evaluate, planView } from "../../policy";
import { CHANGE_SAFETY } from "../../policy/rules/change-safety";
import { STATE_FILE } from "./deployed-state";
import type { PlanJson, TerraformState } from "./state-from-plan";
import { ENVS_DIR } from "../../paths";
import { synthAll } from "../synth";
import type { OfflineRunner } from "../terraform";

/**
 * The changes a platform engineer makes to a deployed env, each planned against the env's
 * deployed state (deployed-state.ts) and judged by the Gitana.ChangeSafety control: what the
 * config loader says, what Terraform plans, and the control's verdict.
 */
export interface ChangeScenario {
  readonly name: string;
  /** The change, made to a copy of the env's config as its index.ts exports it. */
  change(input: PlatformEnvInput): void;
  /** What must come out, for an env that protects its data. */
  readonly expect: Expectation;
}

export interface Expectation {
  /** The config loader refuses the change with a message matching this. */
  readonly loaderRefuses?: RegExp;
  /** Terraform's plan fails on prevent_destroy for resources of these types. */
  readonly preventDestroyStops?: readonly string[];
  /** Actions the (forced) plan gives resources of a type; `[]` means no resource changes at all. */
  readonly actions: readonly {
    type: string;
    actions: string;
    count?: number;
    replacePath?: string;
  }[];
  readonly verdict: "PASS" | "FAIL";
  /** A failing verdict names these resource types. */
  readonly refusedTypes?: readonly string[];
}

/** What one scenario did, for the summary and the expectation check. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly loader: string;
  readonly preventDestroy: readonly string[];
  /** Planned actions by address, changed resources only (no-ops and data reads left out). */
  readonly changes: readonly PlannedChange[];
  readonly verdict: "PASS" | "FAIL";
  readonly findings: readonly string[];
  readonly seconds: number;
}

export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly actions: string;
  readonly replacePaths: readonly string[];
}

/** Terraform's dependency lock file, committed in each env folder. */
const LOCK_FILE = ".terraform.lock.hcl";

const BYO_LOGS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** The five changes of issue #13, with what they must give in an env that protects its data. */
export const SCENARIOS: readonly ChangeScenario[] = [
  {
    name: "availability zones reordered",
    change: (input) => void input.availabilityZones.reverse(),
    expect: { actions: [], verdict: "PASS" },
  },
  {
    name: "VPC CIDR changed",
    change: (input) => {
      if (!input.network) throw new Error("the env brings its own network: no CIDR to change");
      input.network.vpcCidr = input.network.vpcCidr.replace(
        /^(\d+)\.(\d+)/,
        (_, a, b) => `${a}.${Number(b) + 1}`,
      );
    },
    expect: {
      loaderRefuses:
        /network\.vpcCidr: "[\d./]+" differs from the VPC CIDR env "\w+" was deployed with/,
      actions: [{ type: "aws_vpc", actions: "delete,create", count: 1, replacePath: "cidr_block" }],
      verdict: "FAIL",
      refusedTypes: ["aws_vpc", "aws_subnet"],
    },
  },
  {
    name: "DocumentDB instance class changed",
    change: (input) => {
      if (!input.documentDb) throw new Error("the env has no DocumentDB settings");
      input.documentDb.instanceClass = "db.r6g.xlarge";
    },
    expect: {
      actions: [{ type: "aws_docdb_cluster_instance", actions: "update" }],
      verdict: "PASS",
    },
  },
  {
    name: "name prefix changed",
    change: (input) => void (input.namePrefix = `${input.namePrefix}2`),
    expect: {
      preventDestroyStops: ["aws_docdb_cluster", "aws_opensearch_domain", "aws_s3_bucket"],
      actions: [
        {
          type: "aws_docdb_cluster",
          actions: "delete,create",
          count: 1,
          replacePath: "cluster_identifier",
        },
        {
          type: "aws_opensearch_domain",
          actions: "delete,create",
          count: 1,
          replacePath: "domain_name",
        },
      ],
      verdict: "FAIL",
      refusedTypes: [
        "aws_docdb_cluster",
        "aws_opensearch_domain",
        "aws_s3_bucket",
        "aws_secretsmanager_secret",
      ],
    },
  },
  {
    name: "logs key moved to bring-your-own",
    change: (input) => void (input.existingKeys = { ...input.existingKeys, logs: BYO_LOGS_KEY }),
    expect: {
      actions: [
        { type: "aws_kms_key", actions: "forget", count: 1 },
        { type: "aws_kms_alias", actions: "forget", count: 1 },
        { type: "aws_cloudwatch_log_group", actions: "update" },
      ],
      verdict: "PASS",
    },
  },
];

/** The env's config input as its folder exports it (before validation), to be changed. */
export function envInput(env: string): PlatformEnvInput {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- env folders are discovered at run time, as the loader does
  const { config } = require(join(ENVS_DIR, env)) as { config: PlatformEnvInput };
  return structuredClone(config);
}

/**
 * An envs folder holding only `env`, with the given config and the committed records beside it
 * (engine versions, deployed networks, the provider lock file): the loader and synth read it
 * exactly as they read envs/.
 */
export function envsFolderWith(env: string, input: PlatformEnvInput, root: string): string {
  const envsDir = join(root, "envs");
  mkdirSync(join(envsDir, env), { recursive: true });
  writeFileSync(join(envsDir, env, "index.js"), `exports.config = ${JSON.stringify(input)};\n`);
  for (const file of [ENGINE_VERSIONS_FILE, DEPLOYED_NETWORKS_FILE, join(env, LOCK_FILE)]) {
    if (existsSync(join(ENVS_DIR, file))) copyFileSync(join(ENVS_DIR, file), join(envsDir, file));
  }
  return envsDir;
}

/**
 * Plans one scenario against the deployed state and judges it. Where a guard refuses first, the
 * scenario goes on as a user who insists would, so the control is shown on what is left: a
 * refused network is recorded anew (what `npm run stateful-ids -- --update` does); a plan stopped
 * by prevent_destroy is made again with the lifecycle lifted by a Terraform override file in the
 * stack folder (the synthesized stack, and so the env's protection, stay as they are).
 */
export async function runScenario(
  env: string,
  scenario: ChangeScenario,
  deployed: TerraformState,
  terraform: OfflineRunner,
): Promise<ScenarioResult> {
  const started = Date.now();
  const root = mkdtempSync(join(tmpdir(), "gitana-change-"));
  const input = envInput(env);
  scenario.change(input);
  const envsDir = envsFolderWith(env, input, root);
  const loader = loaderVerdict(envsDir);
  if (loader !== "accepted") {
    const configs = loadEnvironments(envsDir, { ignoreDeployedNetworks: true });
    writeFileSync(join(envsDir, DEPLOYED_NETWORKS_FILE), JSON.stringify(deployedNetworks(configs)));
  }
  const [config] = loadEnvironments(envsDir);
  const stackDir = synthAll(join(root, "cdktf.out"), envsDir)[env];
  const init = await terraform.init(stackDir);
  if (init.code !== 0) throw new Error(`terraform init failed in ${stackDir}:\n${init.stderr}`);
  writeFileSync(join(stackDir, STATE_FILE), JSON.stringify(deployed));
  let planned = await terraform.plan(stackDir, "change.tfplan", ["-refresh=false"]);
  const preventDestroy = [
    ...planned.stderr.matchAll(/Resource\s+(\S+)\s+has\s+lifecycle\.prevent_destroy set/g),
  ]
    .map((m) => m[1])
    .sort();
  if (planned.code !== 0 && preventDestroy.length) {
    writeFileSync(join(stackDir, LIFTED_OVERRIDE_FILE), JSON.stringify(lifted(preventDestroy)));
    planned = await terraform.plan(stackDir, "change.tfplan", ["-refresh=false"]);
  }
  if (planned.code !== 0) throw new Error(`terraform plan failed:\n${planned.stderr}`);
  const shown = await terraform.show(stackDir, "change.tfplan");
  if (shown.code !== 0) throw new Error(`terraform show failed:\n${shown.stderr}`);
  const plan = JSON.parse(shown.stdout) as PlanJson;
  const stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as unknown;
  const findings = evaluate(planView(plan as never, stack as never), config.suppressions).filter(
    (r) => r.control === CHANGE_SAFETY,
  );
  return {
    scenario: scenario.name,
    loader,
    preventDestroy,
    changes: changesOf(plan),
    verdict: findings.some((f) => f.status === "FAIL") ? "FAIL" : "PASS",
    findings: findings.map((f) => `${f.resource} ${f.status} ${f.why}`),
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

function loaderVerdict(envsDir: string): string {
  try {
    loadEnvironments(envsDir);
    return "accepted";
  } catch (error) {
    return (error as Error).message;
  }
}

/** The override file that lifts prevent_destroy where it stopped a scenario's plan. */
const LIFTED_OVERRIDE_FILE = "prevent_destroy_lifted_override.tf.json";

function lifted(addresses: readonly string[]): object {
  const resource: Record<string, Record<string, object>> = {};
  for (const address of addresses) {
    const [type, name] = address.split(".");
    resource[type] = { ...resource[type], [name]: { lifecycle: { prevent_destroy: false } } };
  }
  return { resource };
}

function changesOf(plan: PlanJson): PlannedChange[] {
  return (plan.resource_changes ?? [])
    .filter((rc) => !["no-op", "read"].includes(rc.change.actions.join()))
    .map((rc) => ({
      address: rc.address,
      type: rc.type,
      actions: rc.change.actions.join(),
      replacePaths: ((rc.change as { replace_paths?: unknown[][] }).replace_paths ?? []).map((p) =>
        p.join("."),
      ),
    }));
}

/** Where a result departs from what the scenario expects; empty when it meets it. */
export function unmet(scenario: ChangeScenario, result: ScenarioResult): string[] {
  const { expect } = scenario;
  const problems: string[] = [];
  if (expect.loaderRefuses && !expect.loaderRefuses.test(result.loader))
    problems.push(`the loader should refuse (${expect.loaderRefuses}), said: ${result.loader}`);
  if (!expect.loaderRefuses && result.loader !== "accepted")
    problems.push(`the loader should accept, said: ${result.loader}`);
  if (!expect.preventDestroyStops && result.preventDestroy.length)
    problems.push(
      `prevent_destroy should not stop the plan; it did on ${result.preventDestroy.join(", ")}`,
    );
  for (const type of expect.preventDestroyStops ?? []) {
    if (!result.preventDestroy.some((a) => a.startsWith(`${type}.`)))
      problems.push(`prevent_destroy should stop the plan on ${type}`);
  }
  if (expect.actions.length === 0 && result.changes.length)
    problems.push(
      `no resource should change; planned: ${result.changes.map((c) => `${c.address} ${c.actions}`).join("; ")}`,
    );
  for (const want of expect.actions) {
    const ofType = result.changes.filter((c) => c.type === want.type);
    const wrong = ofType.filter((c) => c.actions !== want.actions);
    if (
      !ofType.length ||
      wrong.length ||
      (want.count !== undefined && ofType.length !== want.count)
    )
      problems.push(
        `${want.type}: want ${want.count ?? "some"} × ${want.actions}, planned ${ofType.map((c) => c.actions).join("; ") || "nothing"}`,
      );
    const { replacePath } = want;
    if (replacePath && !ofType.every((c) => c.replacePaths.includes(replacePath)))
      problems.push(`${want.type}: the replacement should be forced by ${want.replacePath}`);
  }
  if (
    result.changes.some((c) => c.actions.includes("delete")) &&
    expect.verdict === "PASS" &&
    expect.actions.every((a) => !a.actions.includes("delete"))
  )
    problems.push(
      `nothing should be destroyed; planned: ${result.changes
        .filter((c) => c.actions.includes("delete"))
        .map((c) => c.address)
        .join(", ")}`,
    );
  if (result.verdict !== expect.verdict)
    problems.push(`verdict ${result.verdict}, want ${expect.verdict}`);
  for (const type of expect.refusedTypes ?? []) {
    if (!result.findings.some((f) => f.startsWith(`${type}.`) && f.includes(" FAIL ")))
      problems.push(`${CHANGE_SAFETY} should refuse ${type}`);
  }
  return problems;
}
