import { createWriteStream, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { EnvConfig } from "../../../config/schema";
import type { TerraformResult } from "../terraform";
import type { Emulator } from "./emulator";
import { spawnTracked } from "./processes";
import { LockHolder, lockProbeFor, stateBackendOf, type StateBackend } from "./state-lock";

/**
 * One env's rehearsal on the emulator, through terraform on the synthesized stack (what
 * `cdktf deploy` runs, minus its `terraform providers lock` step, which needs the registry):
 * init (the real S3 backend with DynamoDB locking, for platform envs), apply, a second plan that
 * must show no changes, a plan that must fail on a lock another process holds, and destroy:
 * refused where the env protects its data, complete where it is disposable.
 */

export type Verdict = "PASS" | "FAIL" | "SKIP";

export interface CheckResult {
  readonly check: string;
  readonly verdict: Verdict;
  readonly detail: string;
  readonly seconds: number;
}

export interface EnvRehearsal {
  readonly env: string;
  readonly resourcesApplied: number;
  readonly checks: CheckResult[];
}

export interface RehearsalOptions {
  readonly emulator: Emulator;
  readonly stackDir: string;
  readonly config: EnvConfig;
}

/** The lock error terraform prints when another process holds the state lock. */
const LOCK_ERROR = /Error acquiring the state lock/;

export class Rehearsal {
  readonly checks: CheckResult[] = [];
  resourcesApplied = 0;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: RehearsalOptions) {
    this.env = options.emulator.env;
  }

  get name(): string {
    return this.options.config.env;
  }

  /** init + apply; false (and a FAIL recorded) when either fails. */
  async apply(): Promise<boolean> {
    const { stackDir, config, emulator } = this.options;
    rmSync(join(stackDir, ".terraform"), { recursive: true, force: true });
    rmSync(join(stackDir, "terraform.tfstate"), { force: true });
    rmSync(join(stackDir, ".terraform.tfstate.lock.info"), { force: true });
    const backendArgs =
      config.kind === "platform" ? [`-backend-config=${emulator.backendConfigFile}`] : [];
    const init = await this.timed(() =>
      this.terraform(["init", "-input=false", "-no-color", "-reconfigure", ...backendArgs]),
    );
    if (init.result.code !== 0)
      return this.record("apply", "FAIL", errorLines(init.result), init.seconds);
    const applied = await this.timed(() =>
      this.terraform(["apply", "-auto-approve", "-input=false", "-no-color"], "apply"),
    );
    if (applied.result.code !== 0) {
      return this.record("apply", "FAIL", errorLines(applied.result), applied.seconds);
    }
    this.resourcesApplied = (await this.stateList()).length;
    const backend = config.kind === "platform" ? "S3 backend + DynamoDB lock" : "local state";
    this.record("apply", "PASS", `${this.resourcesApplied} resources, ${backend}`, applied.seconds);
    return true;
  }

  /** A second plan right after apply must find nothing to change. */
  async noDrift(): Promise<void> {
    const { result, seconds } = await this.timed(() =>
      this.terraform(
        ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-out=drift.tfplan"],
        "drift-plan",
      ),
    );
    if (result.code === 0) {
      this.record("no drift after apply", "PASS", "second plan: no changes", seconds);
      return;
    }
    if (result.code !== 2) {
      this.record("no drift after apply", "FAIL", errorLines(result), seconds);
      return;
    }
    const shown = await this.terraform(["show", "-json", "drift.tfplan"]);
    const changes = plannedChanges(JSON.parse(shown.stdout) as PlanJson);
    this.record(
      "no drift after apply",
      "FAIL",
      `${changes.length} resources would change: ${changes.join("; ")}`,
      seconds,
    );
  }

  /**
   * Holds the state lock with `terraform console` and runs a plan beside it: the plan must stop
   * with the lock error naming the holder's lock, and a plan after the holder let go must run.
   */
  async heldLock(): Promise<void> {
    const started = Date.now();
    const { stackDir, emulator } = this.options;
    const backend = this.backend();
    const where =
      backend.kind === "local" ? "local state" : `DynamoDB table ${backend.dynamodbTable}`;
    let holder: LockHolder;
    try {
      rmSync(join(stackDir, ".terraform.tfstate.lock.info"), { force: true });
      holder = await LockHolder.hold({
        cwd: stackDir,
        env: this.env,
        probe: lockProbeFor(backend, emulator.url, emulator.caFile),
      });
    } catch (error) {
      this.record("held lock", "FAIL", (error as Error).message, secondsSince(started));
      return;
    }
    const blocked = await this.terraform(LOCKED_PLAN);
    const released = await holder.release();
    if (released === "killed" && backend.kind === "s3") {
      // A killed holder cannot remove its DynamoDB item: free the lock as an operator would.
      await this.terraform(["force-unlock", "-force", holder.lock.ID]);
    }
    const after = await this.terraform(["plan", "-lock-timeout=30s", ...LOCKED_PLAN.slice(2)]);
    const verdict = lockVerdict(blocked, holder.lock.ID);
    const ok = verdict.refused && after.code === 0;
    this.record(
      "held lock",
      ok ? "PASS" : "FAIL",
      ok
        ? `concurrent plan refused: Error acquiring the state lock (lock ${holder.lock.ID} in ${where}); holder ${released}; plan after release succeeded`
        : `${verdict.detail}; plan after release: exit ${after.code}${after.code ? ` ${errorLines(after)}` : ""}`,
      secondsSince(started),
    );
  }

  /**
   * `terraform destroy`: refused by prevent_destroy where the env protects its data (every
   * resource carrying it named in the refusal, nothing destroyed), carried through where it is
   * disposable (nothing left in state afterwards).
   */
  async destroy(): Promise<void> {
    const protectsData = preventsDestroy(this.options.config);
    const before = await this.stateList();
    const { result, seconds } = await this.timed(() =>
      this.terraform(["destroy", "-auto-approve", "-input=false", "-no-color"], "destroy"),
    );
    const left = await this.stateList();
    if (protectsData) {
      const verdict = refusalVerdict({
        exitCode: result.code,
        refused: refusedByPreventDestroy(result),
        protectedInState: preventDestroyAddresses(this.stackJson()).filter((a) =>
          before.includes(a),
        ),
        before: before.length,
        after: left.length,
      });
      this.record("destroy (prevent_destroy env)", verdict.verdict, verdict.detail, seconds);
      return;
    }
    const ok = result.code === 0 && left.length === 0;
    this.record(
      "destroy (disposable env)",
      ok ? "PASS" : "FAIL",
      ok
        ? `all ${before.length} destroyed, state empty`
        : `${errorLines(result)} (${left.length} left in state)`,
      seconds,
    );
  }

  private async stateList(): Promise<string[]> {
    const listed = await this.terraform(["state", "list"]);
    return listed.stdout.split("\n").filter((l) => l.trim() && !l.startsWith("data."));
  }

  private stackJson(): StackJson {
    return JSON.parse(
      readFileSync(join(this.options.stackDir, "cdk.tf.json"), "utf8"),
    ) as StackJson;
  }

  private backend(): StateBackend {
    return stateBackendOf(this.stackJson(), this.options.stackDir);
  }

  /**
   * Runs terraform as a tracked child (stopped with the rehearsal); with `step`, its output also
   * streams to rehearsal-<step>.log as it comes.
   */
  private terraform(args: string[], step?: string): Promise<TerraformResult> {
    const log = step && createWriteStream(join(this.options.stackDir, `rehearsal-${step}.log`));
    return new Promise((resolve, reject) => {
      const child = spawnTracked("terraform", args, {
        cwd: this.options.stackDir,
        env: this.env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout?.on(
        "data",
        (chunk: Buffer) => ((stdout += chunk.toString()), log && log.write(chunk)),
      );
      child.stderr?.on(
        "data",
        (chunk: Buffer) => ((stderr += chunk.toString()), log && log.write(chunk)),
      );
      child.on("error", reject);
      child.on("close", (code) => {
        const done = () => resolve({ code: code ?? 1, stdout, stderr });
        if (log) log.end(done);
        else done();
      });
    });
  }

  private async timed(
    run: () => Promise<TerraformResult>,
  ): Promise<{ result: TerraformResult; seconds: number }> {
    const started = Date.now();
    const result = await run();
    return { result, seconds: secondsSince(started) };
  }

  private record(check: string, verdict: Verdict, detail: string, seconds: number): false {
    this.checks.push({ check, verdict, detail, seconds });
    return false;
  }
}

/** Whether the env's stateful resources carry prevent_destroy (bootstrap's always do). */
export function preventsDestroy(config: EnvConfig): boolean {
  return config.kind === "bootstrap" || config.protection.preventDestroy;
}

/** The `Error:` paragraphs of terraform's output, on one line each. */
export function errorLines(result: TerraformResult): string {
  const text = `${result.stdout}\n${result.stderr}`;
  const errors = [...text.matchAll(/Error: ([^\n]+)/g)].map(([, line]) => line.trim());
  return errors.length > 0 ? [...new Set(errors)].slice(0, 8).join(" | ") : text.trim().slice(-400);
}

/** The plan run beside the holder: it must give up on the lock after 2 s; no refresh needed. */
const LOCKED_PLAN = ["plan", "-lock-timeout=2s", "-refresh=false", "-input=false", "-no-color"];

/** Whether a plan was refused by the lock with `lockId` (the holder's, not some other). */
export function lockVerdict(
  plan: TerraformResult,
  lockId: string,
): { refused: boolean; detail: string } {
  const text = `${plan.stdout}\n${plan.stderr}`;
  const named = /^\s*ID:\s+(\S+)/m.exec(text)?.[1];
  const refused = plan.code !== 0 && LOCK_ERROR.test(text) && named === lockId;
  return {
    refused,
    detail: refused
      ? `refused by lock ${lockId}`
      : `concurrent plan exit ${plan.code}, lock named ${named ?? "none"} (holder's ${lockId}): ${errorLines(plan)}`,
  };
}

interface StackJson {
  terraform?: { backend?: Record<string, Record<string, unknown>> };
  resource?: Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>>;
}

/** The addresses of the stack's resources that carry `lifecycle.prevent_destroy`. */
export function preventDestroyAddresses(stack: StackJson): string[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName)
      .filter(([, resource]) => resource.lifecycle?.prevent_destroy === true)
      .map(([name]) => `${type}.${name}`),
  );
}

/**
 * The resources a destroy was refused for, from terraform's "Instance cannot be destroyed"
 * errors ("Resource <address> has lifecycle.prevent_destroy set", wrapped at any space).
 */
export function refusedByPreventDestroy(result: TerraformResult): string[] {
  const text = `${result.stdout}\n${result.stderr}`;
  return [
    ...new Set(
      [...text.matchAll(/^Resource (\S+)\s+has\s+lifecycle\.prevent_destroy\s+set/gm)].map(
        ([, address]) => address,
      ),
    ),
  ];
}

interface PlanJson {
  resource_changes?: {
    address: string;
    change: {
      actions: string[];
      before?: Record<string, unknown> | null;
      after?: Record<string, unknown> | null;
      after_unknown?: Record<string, unknown>;
    };
  }[];
}

/**
 * What a plan would change, one entry per resource: its address, the actions, and for an update
 * the top-level attributes that differ (what to look at when a plan after apply is not empty).
 */
export function plannedChanges(plan: PlanJson): string[] {
  return (plan.resource_changes ?? [])
    .filter((rc) => !rc.change.actions.every((a) => a === "no-op" || a === "read"))
    .map(({ address, change }) => {
      const actions = change.actions.join("+");
      if (actions !== "update") return `${address} ${actions}`;
      const before = change.before ?? {};
      const after = change.after ?? {};
      const keys = [
        ...new Set([
          ...Object.keys(before),
          ...Object.keys(after),
          ...Object.keys(change.after_unknown ?? {}),
        ]),
      ].filter(
        (k) =>
          change.after_unknown?.[k] === true ||
          JSON.stringify(before[k]) !== JSON.stringify(after[k]),
      );
      return `${address} update (${keys.sort().join(", ")})`;
    });
}

export interface RefusalFacts {
  readonly exitCode: number;
  /** The resources terraform named in its prevent_destroy errors. */
  readonly refused: string[];
  /** The stack's resources that carry prevent_destroy and were in state. */
  readonly protectedInState: string[];
  /** Resources in state before and after the destroy. */
  readonly before: number;
  readonly after: number;
}

/**
 * Whether a destroy was refused by prevent_destroy and nothing else: terraform failed, named only
 * resources that carry it, and destroyed nothing. It need not name every such resource: one that
 * waits on a refused one in the destroy order (the KMS key behind the buckets it encrypts) is
 * never reached.
 */
export function refusalVerdict(facts: RefusalFacts): { verdict: Verdict; detail: string } {
  const { exitCode, refused, protectedInState, before, after } = facts;
  const stray = refused.filter((a) => !protectedInState.includes(a));
  const ok = exitCode !== 0 && refused.length > 0 && stray.length === 0 && after === before;
  if (ok) {
    return {
      verdict: "PASS",
      detail: `refused by prevent_destroy on ${refused.length} of the ${protectedInState.length} resources carrying it (${refused.map(shortAddress).join(", ")}); all ${after} still in state`,
    };
  }
  return {
    verdict: "FAIL",
    detail:
      `exit ${exitCode}; prevent_destroy refusals: ${refused.length}` +
      (stray.length ? `, of resources that do not carry it: ${stray.join(", ")}` : "") +
      `; ${after} of ${before} left in state`,
  };
}

/** `aws_s3_bucket.bootstrap_state-backend_state_bucket_D0C56129` → `aws_s3_bucket.…state_bucket` */
function shortAddress(address: string): string {
  const [type, name] = address.split(".");
  return `${type}.${name
    .replace(/_[0-9A-F]{8}$/, "")
    .split("_")
    .slice(-2)
    .join("_")}`;
}

function secondsSince(started: number): number {
  return Math.round((Date.now() - started) / 100) / 10;
}
