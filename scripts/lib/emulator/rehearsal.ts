import { spawn } from "node:child_process";
import { createWriteStream, rmSync } from "node:fs";
import { join } from "node:path";
import type { EnvConfig } from "../../../config/schema";
import { runTerraform, type TerraformResult } from "../../../tools/harness/terraform";
import type { Emulator } from "./emulator";

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
/** What terraform says when `prevent_destroy` stops a destroy. */
const PREVENT_DESTROY_ERROR = /Instance cannot be destroyed/;

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
    const listed = await this.terraform(["state", "list"]);
    this.resourcesApplied = listed.stdout.split("\n").filter((l) => l.startsWith("aws_")).length;
    const backend = config.kind === "platform" ? "S3 backend + DynamoDB lock" : "local state";
    this.record("apply", "PASS", `${this.resourcesApplied} resources, ${backend}`, applied.seconds);
    return true;
  }

  /** A second plan right after apply must find nothing to change. */
  async noDrift(): Promise<void> {
    const { result, seconds } = await this.timed(() =>
      this.terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"], "drift-plan"),
    );
    if (result.code === 0) {
      this.record("no drift after apply", "PASS", "second plan: no changes", seconds);
      return;
    }
    const changed = [...result.stdout.matchAll(/^ {2}# (\S+) (will|must) be ([^\n]+)$/gm)].map(
      ([, address, , what]) => `${address} ${what}`,
    );
    this.record(
      "no drift after apply",
      "FAIL",
      result.code === 2 ? changed.join("; ") : errorLines(result),
      seconds,
    );
  }

  /**
   * Holds the state lock with `terraform console` (it locks for its whole session) and runs a
   * plan beside it: the plan must stop with the lock error, and succeed once the lock is freed.
   */
  async heldLock(): Promise<void> {
    const started = Date.now();
    const holder = spawn("terraform", ["console", "-no-color"], {
      cwd: this.options.stackDir,
      env: { ...this.env, TF_INPUT: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let holderOutput = "";
    holder.stdout.on("data", (c: Buffer) => (holderOutput += c.toString()));
    holder.stderr.on("data", (c: Buffer) => (holderOutput += c.toString()));
    const exited = new Promise<void>((resolve) => holder.once("exit", () => resolve()));
    // The console answers an expression only once it has the state (and so the lock).
    holder.stdin.write("1 + 1\n");
    const ready = await waitFor(() => /\b2\b/.test(holderOutput), 60_000);
    if (!ready) {
      holder.kill("SIGTERM");
      await exited;
      this.record(
        "held lock",
        "FAIL",
        `terraform console did not start: ${holderOutput.slice(-500)}`,
        secondsSince(started),
      );
      return;
    }
    const blocked = await this.terraform(["plan", "-lock-timeout=2s", "-input=false", "-no-color"]);
    holder.stdin.end(); // console exits on end of input and releases the lock
    await exited;
    const after = await this.terraform(["plan", "-lock-timeout=30s", "-input=false", "-no-color"]);
    const lockId = /ID:\s+(\S+)/.exec(blocked.stderr)?.[1];
    const ok = blocked.code !== 0 && LOCK_ERROR.test(blocked.stderr) && after.code === 0;
    this.record(
      "held lock",
      ok ? "PASS" : "FAIL",
      ok
        ? `concurrent plan refused (lock ${lockId ?? "?"}); plan after release succeeded`
        : `concurrent plan exit ${blocked.code}: ${errorLines(blocked)}; after release exit ${after.code}`,
      secondsSince(started),
    );
  }

  /**
   * `terraform destroy`: refused by prevent_destroy where the env protects its data, carried
   * through where it is disposable (nothing left in state afterwards).
   */
  async destroy(): Promise<void> {
    const protectsData = preventsDestroy(this.options.config);
    const { result, seconds } = await this.timed(() =>
      this.terraform(["destroy", "-auto-approve", "-input=false", "-no-color"], "destroy"),
    );
    if (protectsData) {
      const refused = result.code !== 0 && PREVENT_DESTROY_ERROR.test(result.stderr);
      const blockedBy = [
        ...result.stderr.matchAll(/Resource (\S+) has lifecycle\.prevent_destroy/g),
      ].length;
      this.record(
        "destroy (prevent_destroy env)",
        refused ? "PASS" : "FAIL",
        refused
          ? `refused: ${blockedBy} resources carry prevent_destroy`
          : `destroy was not refused (exit ${result.code})`,
        seconds,
      );
      return;
    }
    const left = await this.terraform(["state", "list"]);
    const remaining = left.stdout.split("\n").filter((l) => l.trim()).length;
    const ok = result.code === 0 && remaining === 0;
    this.record(
      "destroy (disposable env)",
      ok ? "PASS" : "FAIL",
      ok
        ? "everything destroyed, state empty"
        : `${errorLines(result)} (${remaining} left in state)`,
      seconds,
    );
  }

  /** Runs terraform; with `step`, its output also streams to rehearsal-<step>.log as it comes. */
  private terraform(args: string[], step?: string): Promise<TerraformResult> {
    if (!step) return runTerraform(args, this.options.stackDir, this.env);
    const log = createWriteStream(join(this.options.stackDir, `rehearsal-${step}.log`));
    return new Promise((resolve, reject) => {
      const child = spawn("terraform", args, { cwd: this.options.stackDir, env: this.env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => ((stdout += chunk.toString()), log.write(chunk)));
      child.stderr.on("data", (chunk: Buffer) => ((stderr += chunk.toString()), log.write(chunk)));
      child.on("error", reject);
      child.on("close", (code) => log.end(() => resolve({ code: code ?? 1, stdout, stderr })));
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

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return condition();
}

function secondsSince(started: number): number {
  return Math.round((Date.now() - started) / 100) / 10;
}
