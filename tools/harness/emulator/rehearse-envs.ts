import type { BootstrapEnvConfig, EnvConfig } from "../../../config/schema";
import { emulatorCatalogue, type Emulator, type EmulatorGap, type EmulatorPatch } from "./emulator";
import { Rehearsal, type EnvRehearsal } from "./rehearsal";

export interface RehearsalSummary {
  readonly envs: EnvRehearsal[];
  readonly patches: EmulatorPatch[];
  readonly gaps: EmulatorGap[];
}

export interface RehearseOptions {
  /** The envs asked for; the bootstrap env is always applied first (it holds every env's state). */
  readonly wanted: string[];
  readonly configs: EnvConfig[];
  readonly stackDirs: Record<string, string>;
  readonly startEmulator: (accountId: string) => Promise<Emulator>;
}

/**
 * Bootstrap first (apply, no drift), then each platform env asked for (apply on the S3 backend,
 * no drift, held lock, destroy), then bootstrap's held lock and destroy, last because every
 * env's state lives in its bucket.
 */
export async function rehearse(options: RehearseOptions): Promise<RehearsalSummary> {
  const bootstrapConfig = options.configs.find(
    (c): c is BootstrapEnvConfig => c.kind === "bootstrap",
  );
  if (!bootstrapConfig) throw new Error("the rehearsal needs the bootstrap env (envs/bootstrap)");
  const accountId = bootstrapConfig.stateBackend.accountId;
  const platform = options.configs.filter(
    (c) => c.kind === "platform" && options.wanted.includes(c.env),
  );
  const otherAccount = platform.find((c) => c.kind === "platform" && c.accountId !== accountId);
  if (otherAccount) {
    throw new Error(
      `env "${otherAccount.env}" is in another account than the state backend (${accountId}): the emulator answers as one account, rehearse it on its own`,
    );
  }
  const { patches, gaps } = emulatorCatalogue();
  const emulator = await options.startEmulator(accountId);
  const rehearsalOf = (config: EnvConfig) =>
    new Rehearsal({ emulator, config, stackDir: options.stackDirs[config.env] });
  const envs: EnvRehearsal[] = [];
  const done = (r: Rehearsal) =>
    envs.push({ env: r.name, resourcesApplied: r.resourcesApplied, checks: r.checks });
  try {
    const bootstrap = rehearsalOf(bootstrapConfig);
    if (!(await bootstrap.apply())) {
      done(bootstrap);
      return { envs, patches, gaps };
    }
    await bootstrap.noDrift();
    for (const config of platform) {
      const env = rehearsalOf(config);
      if (await env.apply()) {
        await env.noDrift();
        await env.heldLock();
        await env.destroy();
      }
      done(env);
    }
    await bootstrap.heldLock();
    await bootstrap.destroy();
    done(bootstrap);
    return { envs, patches, gaps };
  } finally {
    await emulator.close();
  }
}

export function formatSummary(summary: RehearsalSummary, wallSeconds: number): string {
  const rows = summary.envs.flatMap((e) =>
    e.checks.map((c) => [e.env, c.check, c.verdict, `${c.seconds.toFixed(1)} s`, c.detail]),
  );
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 5));
  const line = (r: string[]) =>
    r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]) : cell)).join("  ");
  return [
    "Rehearsal on the AWS emulator (moto, patched): terraform on the synthesized stacks",
    "",
    line(["env", "check", "verdict", "time", "detail"]),
    ...rows.map(line),
    "",
    ...summary.envs.map((e) => `${e.env}: ${e.resourcesApplied} resources applied`),
    "",
    `Emulator patches (${summary.patches.length}; AWS does / moto 5.2.1 did):`,
    ...summary.patches.map((p) => `  ${p.id} [${p.service}]: ${p.aws} / ${p.moto}`),
    "",
    `Not emulated, so not proven by this rehearsal (${summary.gaps.length}):`,
    ...summary.gaps.map((g) => `  ${g.service}: ${g.what}: ${g.why}`),
    "",
    `Wall time: ${wallSeconds.toFixed(0)} s`,
  ].join("\n");
}
