import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import type { StackJson } from "../../synthesized/stack-json";
import { startAwsApiStub, type AwsApiStub } from "./aws-api-stub";
import { LOCK_FILE } from "../../facts/artifact-names";

/**
 * Runs terraform against a synthesized stack with no AWS account and, where a provider mirror is
 * installed, no network: the harness behind `npm run preview` and the plan tests.
 */

/** Environment variable naming the provider mirror folder (the one holding registry.terraform.io). */
export const MIRROR_ENV_VAR = "GITANA_TF_PROVIDER_MIRROR";
const AWS_PROVIDER_PATH = join("registry.terraform.io", "hashicorp", "aws");
/** Where mirrors are commonly installed; searched when the variable is unset. */
const MIRROR_CANDIDATES = [
  "/opt/tf-plugins",
  "/usr/share/terraform/plugins",
  "/usr/local/share/terraform/plugins",
  join(homedir(), ".terraform.d", "plugins"),
  join(homedir(), ".local", "share", "terraform", "plugins"),
];

/** A Terraform state with nothing in it (format 4). */
const EMPTY_STATE = {
  version: 4,
  terraform_version: "1.5.0",
  serial: 1,
  lineage: "offline-plan",
  outputs: {},
  resources: [],
};

/** The name of the override file the harness drops into a stack folder. */
export const OFFLINE_OVERRIDE_FILE = "offline_override.tf.json";

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Throws with installation advice when terraform is not on PATH. */
export function assertTerraformInstalled(): string {
  const probe = spawnSync("terraform", ["version", "-json"], {
    encoding: "utf8",
    env: terraformEnv(undefined),
  });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      "terraform was not found on PATH. The plan checks need Terraform >= 1.5: install it from " +
        "https://developer.hashicorp.com/terraform/install (or your package manager), then re-run.",
    );
  }
  return (JSON.parse(probe.stdout) as { terraform_version: string }).terraform_version;
}

/**
 * The provider mirror folder: $GITANA_TF_PROVIDER_MIRROR when set (it must then hold the aws
 * provider), else the first common location that holds it, else undefined (use the registry).
 */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env[MIRROR_ENV_VAR];
  if (configured) {
    if (!holdsAwsProvider(configured)) {
      throw new Error(
        `${MIRROR_ENV_VAR}=${configured} does not contain ${AWS_PROVIDER_PATH}/<version>/<os_arch>/`,
      );
    }
    return configured;
  }
  return MIRROR_CANDIDATES.find(holdsAwsProvider);
}

function holdsAwsProvider(dir: string): boolean {
  const providerDir = join(dir, AWS_PROVIDER_PATH);
  return existsSync(providerDir) && readdirSync(providerDir).length > 0;
}

/**
 * A CLI config that installs the aws provider from the mirror and anything else from the registry.
 * Written to a temp file and passed as TF_CLI_CONFIG_FILE, so the user's own config is untouched.
 */
export function writeMirrorCliConfig(mirror: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "gitana-tf-")), "terraform.rc");
  const provider = "registry.terraform.io/hashicorp/aws";
  writeFileSync(
    file,
    `provider_installation {\n` +
      `  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["${provider}"]\n  }\n` +
      `  direct {\n    exclude = ["${provider}"]\n  }\n}\n`,
  );
  return file;
}

/**
 * The override that makes a stack plannable offline: a local backend instead of S3, and every aws
 * provider block (default and aliased) told not to call STS or the metadata API, with the account
 * pin lifted because no account is known, and the calls a plan makes even so sent to
 * `awsApiStubUrl`. Credentials are not written here: `terraformEnv` passes dummy ones to the
 * terraform process only.
 */
export function offlineOverride(stackJson: StackJson, awsApiStubUrl?: string): object {
  const awsProviders = stackJson.provider?.aws ?? [];
  const remoteStates = offlineRemoteStates(stackJson);
  return {
    terraform: { backend: { local: {} } },
    provider: {
      aws: awsProviders.map((p) => ({
        ...(p.alias ? { alias: p.alias } : {}),
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        allowed_account_ids: null,
        ...(awsApiStubUrl ? { endpoints: { sfn: awsApiStubUrl } } : {}),
      })),
    },
    ...(Object.keys(remoteStates).length ? { data: { terraform_remote_state: remoteStates } } : {}),
  };
}

/**
 * Whether the AWS provider calls AWS while planning this stack, offline or not: it validates a
 * state machine definition with Step Functions once the definition is known, which offline (no
 * state) means it refers to no resource of the stack.
 */
export function callsAwsAtPlan(stackJson: StackJson): boolean {
  return Object.values(stackJson.resource?.aws_sfn_state_machine ?? {}).some(
    (machine) => !/\$\{aws_/.test(String(machine.definition)),
  );
}

/**
 * Other states cannot be read offline: each `terraform_remote_state` reads an empty local state
 * instead, and gets stand-in values for exactly the outputs the stack uses (lists of three where
 * the stack takes elements), so the plan shows where they flow.
 */
function offlineRemoteStates(stackJson: StackJson): Record<string, object> {
  const text = JSON.stringify(stackJson);
  return Object.fromEntries(
    Object.keys(stackJson.data?.terraform_remote_state ?? {}).map((name) => {
      const defaults: Record<string, unknown> = {};
      const uses = new RegExp(
        `(element\\()?data\\.terraform_remote_state\\.${name.replace(/[^\w-]/g, "")}\\.outputs\\.([\\w-]+)`,
        "g",
      );
      for (const [, element, output] of text.matchAll(uses)) {
        defaults[output] = element ? [0, 1, 2].map((i) => standIn(output, i)) : standIn(output);
      }
      return [
        name,
        { backend: "local", config: { path: `offline-remote-state-${name}.tfstate` }, defaults },
      ];
    }),
  );
}

/** A value shaped like what the output name says it is, so provider validation accepts it. */
function standIn(output: string, index?: number): string {
  const suffix = index === undefined ? "" : `-${index}`;
  if (/arn$/i.test(output)) return `arn:aws:offline:eu-west-1:000000000000:${output}${suffix}`;
  return `offline-${output}${suffix}`;
}

/** Environment of a terraform child process; with `offline`, dummy credentials that open nothing. */
export function terraformEnv(
  cliConfigFile: string | undefined,
  offline = false,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
  };
  if (cliConfigFile) env.TF_CLI_CONFIG_FILE = cliConfigFile;
  if (offline) {
    // Never let a preview pick up the user's real credentials or profile.
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
    delete env.AWS_SHARED_CREDENTIALS_FILE;
    delete env.AWS_CONFIG_FILE;
    env.AWS_ACCESS_KEY_ID = "offline-plan";
    env.AWS_SECRET_ACCESS_KEY = "offline-plan";
    env.AWS_EC2_METADATA_DISABLED = "true";
  }
  return env;
}

export function runTerraform(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export interface OfflineRunner {
  /** The mirror in use, or undefined when providers come from the registry. */
  readonly mirror: string | undefined;
  /**
   * Writes the offline override into a synthesized stack folder and runs `terraform init`. With
   * `override: false`, only init: for a hand-written root that configures its provider itself.
   */
  init(stackDir: string, options?: { override: boolean }): Promise<TerraformResult>;
  validate(stackDir: string): Promise<TerraformResult>;
  /**
   * `terraform plan -out=<planFile>`; the plan file feeds `terraform show -json`. `extraArgs`
   * add to it, e.g. `-refresh=false` to plan against a state without asking AWS about it.
   */
  plan(
    stackDir: string,
    planFile?: string,
    extraArgs?: readonly string[],
  ): Promise<TerraformResult>;
  show(stackDir: string, planFile: string): Promise<TerraformResult>;
  /** Any other terraform command, with the same CLI config and offline environment. */
  run(stackDir: string, args: readonly string[]): Promise<TerraformResult>;
}

/** Builds the runner once per process: finds the mirror and writes the CLI config. */
export function createOfflineRunner(): OfflineRunner {
  assertTerraformInstalled();
  const mirror = findProviderMirror();
  const env = terraformEnv(mirror ? writeMirrorCliConfig(mirror) : undefined, true);
  let stub: Promise<AwsApiStub> | undefined; // started on first use, shared by every plan
  return {
    mirror,
    async init(stackDir, options = { override: true }) {
      if (!options.override)
        return runTerraform(["init", "-input=false", "-no-color"], stackDir, env);
      const stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
      // Only where the provider will call AWS: any endpoint override costs every plan ~2 s.
      const stubUrl = callsAwsAtPlan(stack) ? (await (stub ??= startAwsApiStub())).url : undefined;
      const override = offlineOverride(stack, stubUrl) as {
        data?: { terraform_remote_state?: Record<string, { config: { path: string } }> };
      };
      writeFileSync(join(stackDir, OFFLINE_OVERRIDE_FILE), JSON.stringify(override, null, 2));
      // An empty state for each other state read: its outputs then come from the stand-ins.
      for (const remote of Object.values(override.data?.terraform_remote_state ?? {})) {
        writeFileSync(join(stackDir, remote.config.path), JSON.stringify(EMPTY_STATE));
      }
      // A committed lock file (copied in at synth) is read-only: init installs that build or fails.
      const locked = existsSync(join(stackDir, LOCK_FILE)) ? ["-lockfile=readonly"] : [];
      return runTerraform(
        ["init", "-input=false", "-no-color", "-reconfigure", ...locked],
        stackDir,
        env,
      );
    },
    validate: (stackDir) => runTerraform(["validate", "-no-color"], stackDir, env),
    plan: (stackDir, planFile = "offline.tfplan", extraArgs = []) =>
      runTerraform(
        ["plan", "-input=false", "-lock=false", "-no-color", `-out=${planFile}`, ...extraArgs],
        stackDir,
        env,
      ),
    show: (stackDir, planFile) => runTerraform(["show", "-json", planFile], stackDir, env),
    run: (stackDir, args) => runTerraform([...args], stackDir, env),
  };
}

/** "Plan: 39 to add, 0 to change, 0 to destroy." -> { add: 39, change: 0, destroy: 0 } */
export function parsePlanSummary(
  output: string,
): { add: number; change: number; destroy: number } | undefined {
  const match = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(output);
  return match
    ? { add: Number(match[1]), change: Number(match[2]), destroy: Number(match[3]) }
    : undefined;
}
