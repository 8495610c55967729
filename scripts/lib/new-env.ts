import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { blockSize, formatCidr, parseCidr, type Ipv4Cidr } from "../../facts/cidr";
import { loadEnvironments } from "../../config/environments";
import type { EnvConfig } from "../../config/schema";
import { addEnvToStateAccess, rewriteEnvSource } from "./env-source";
import { UsageError } from "./cli";
import { readStatefulRecord, statefulAddressesOf, writeStatefulRecord } from "./stateful-record";
import { synthAll } from "./synth";
import { addEnvToWorkflow, variableSuffix } from "./workflow-envs";

/**
 * `npm run new-env`: a new env folder copied from another env, with its own VPC range (free of
 * every other env's), tags and domain (none unless given), checked with all the other envs
 * exactly as a synth checks them, and entered in every place that lists the envs: the record of
 * stateful addresses, the cost assumptions and the GitHub workflows. Nothing is written unless
 * the whole new env is valid.
 */

export interface NewEnvOptions {
  /** The project folder (the repository, or a copy of it in tests). */
  readonly root: string;
  readonly name: string;
  readonly from: string;
  /** @default the first free block of the source's size in 10.0.0.0/8 after the source's */
  readonly vpcCidr?: string;
  readonly domain?: { readonly name: string; readonly hostedZoneId: string };
  /** Who may reach the load balancers; required without a domain (they serve plain HTTP). */
  readonly allowedCidrs?: readonly string[];
  /** @default the source's account */
  readonly accountId?: string;
  /** @default today (UTC) */
  readonly date?: string;
}

export interface NewEnvResult {
  readonly vpcCidr: string;
  /** Files written, relative to root. */
  readonly written: string[];
  /** What was added to each workflow. */
  readonly workflowChanges: Record<string, string[]>;
}

const ENV_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PRIVATE_10 = { network: 10 * 2 ** 24, prefixLength: 8 };

export function createEnv(options: NewEnvOptions): NewEnvResult {
  const { root, name, from } = options;
  const envsDir = join(root, "envs");
  if (!ENV_NAME.test(name))
    throw new UsageError(
      `Env name "${name}" must be lowercase letters, digits and single hyphens, starting with a letter: it names the stack and its resources`,
    );
  if (existsSync(join(envsDir, name))) throw new UsageError(`envs/${name} exists already`);
  const configs = loadEnvironments(envsDir);
  const source = configs.find((config) => config.env === from);
  if (!source || source.kind !== "platform") {
    const platform = configs.filter((c) => c.kind === "platform").map((c) => c.env);
    throw new UsageError(
      `--from "${from}" is not a platform env; copy one of: ${platform.join(", ")}`,
    );
  }
  if (!source.network)
    throw new UsageError(
      `envs/${from} uses an existing VPC (existingNetwork): a copy would share it; write envs/${name} by hand`,
    );
  const sameDomain = configs.find(
    (c) =>
      c.kind === "platform" &&
      c.compute.domain?.name === options.domain?.name &&
      c.compute.domain?.hostedZoneId === options.domain?.hostedZoneId,
  );
  if (options.domain && sameDomain)
    throw new UsageError(
      `--domain ${options.domain.name} in hosted zone ${options.domain.hostedZoneId} is env "${sameDomain.env}"'s already: both would write the same Route 53 records`,
    );
  if (!options.domain && !options.allowedCidrs?.length)
    throw new UsageError(
      "--allowed-cidrs is required without --domain: the load balancers then serve plain HTTP, which the config refuses open to the internet (e.g. --allowed-cidrs 203.0.113.0/24 for your office or VPN)",
    );
  const vpcCidr =
    options.vpcCidr === undefined
      ? freeVpcCidr(source.network.vpcCidr, configs)
      : checkedVpcCidr(options.vpcCidr, configs);
  const text = rewriteEnvSource(readFileSync(join(envsDir, from, "index.ts"), "utf8"), {
    from,
    name,
    vpcCidr,
    domain: options.domain,
    allowedCidrs: options.allowedCidrs,
    accountId: options.accountId,
    date: options.date ?? new Date().toISOString().slice(0, 10),
  });

  const platformEnvs = configs.filter((c) => c.kind === "platform").map((c) => c.env);
  const bootstrapFile = join("envs", "bootstrap", "index.ts");
  const bootstrapText = existsSync(join(root, bootstrapFile))
    ? readFileSync(join(root, bootstrapFile), "utf8")
    : undefined;
  const bootstrapWithEnv = bootstrapText && addEnvToStateAccess(bootstrapText, platformEnvs, name);

  // Validate and synthesize in a copy of envs/ first: the real project is written only after.
  const staging = mkdtempSync(join(tmpdir(), "gitana-new-env-"));
  let addresses: string[];
  try {
    cpSync(envsDir, join(staging, "envs"), { recursive: true });
    symlinkSync(join(__dirname, "..", "..", "config"), join(staging, "config"));
    mkdirSync(join(staging, "envs", name));
    writeFileSync(join(staging, "envs", name, "index.ts"), text);
    if (bootstrapWithEnv) writeFileSync(join(staging, bootstrapFile), bootstrapWithEnv);
    const stackDirs = synthAll(join(staging, "cdktf.out"), join(staging, "envs"));
    addresses = statefulAddressesOf({ [name]: stackDirs[name] })[name];
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }

  const written: string[] = [];
  const write = (path: string, content: string) => {
    writeFileSync(join(root, path), content);
    written.push(path);
  };
  mkdirSync(join(envsDir, name));
  write(join("envs", name, "index.ts"), text);
  if (bootstrapWithEnv && bootstrapWithEnv !== bootstrapText)
    write(bootstrapFile, bootstrapWithEnv);
  // The provider checksums CI inits with (`-lockfile=readonly`): the source env's, same provider.
  const lockFile = join("envs", from, ".terraform.lock.hcl");
  if (existsSync(join(root, lockFile)))
    write(join("envs", name, ".terraform.lock.hcl"), readFileSync(join(root, lockFile), "utf8"));
  // The engine versions an env may not go below start at the source env's.
  const enginesFile = join("envs", "engine-versions.json");
  if (existsSync(join(root, enginesFile))) {
    const engines = JSON.parse(readFileSync(join(root, enginesFile), "utf8")) as Record<
      string,
      unknown
    >;
    if (engines[from] !== undefined && engines[name] === undefined) {
      engines[name] = engines[from];
      write(enginesFile, `${JSON.stringify(engines, null, 2)}\n`);
    }
  }

  const recordFile = join("test", "stateful-ids.json");
  writeStatefulRecord(
    { ...readStatefulRecord(join(root, recordFile)), [name]: addresses },
    join(root, recordFile),
  );
  written.push(recordFile);

  const assumptionsFile = join("assets", "pricing", "assumptions.json");
  if (existsSync(join(root, assumptionsFile))) {
    const assumptions = JSON.parse(readFileSync(join(root, assumptionsFile), "utf8")) as {
      envs?: Record<string, unknown>;
    };
    if (assumptions.envs?.[from] !== undefined && assumptions.envs[name] === undefined) {
      assumptions.envs[name] = assumptions.envs[from];
      write(assumptionsFile, `${JSON.stringify(assumptions, null, 2)}\n`);
    }
  }

  const workflowsDir = join(".github", "workflows");
  const workflowChanges: Record<string, string[]> = {};
  const workflows = existsSync(join(root, workflowsDir))
    ? readdirSync(join(root, workflowsDir)).filter((f) => /\.ya?ml$/.test(f))
    : [];
  for (const file of workflows) {
    const path = join(workflowsDir, file);
    const edit = addEnvToWorkflow(readFileSync(join(root, path), "utf8"), platformEnvs, from, name);
    if (edit.changes.length === 0) continue;
    write(path, edit.text);
    workflowChanges[path] = edit.changes;
  }
  // In the project's own style, so `npm run lint` (prettier --check) stays green.
  const prettier = spawnSync(
    process.execPath,
    [
      require.resolve("prettier/bin/prettier.cjs"),
      "--write",
      "--log-level=warn",
      "--ignore-unknown",
      ...written,
    ],
    { cwd: root, encoding: "utf8" },
  );
  if (prettier.status !== 0)
    throw new Error(`prettier failed on the new files:\n${prettier.stderr}`);
  return { vpcCidr, written, workflowChanges };
}

/** Next steps printed after a new env is written. */
export function nextSteps(name: string, result: NewEnvResult): string {
  const suffix = variableSuffix(name);
  return [
    `Created env "${name}" with VPC range ${result.vpcCidr}. Written:`,
    ...result.written.map((file) => `  ${file}`),
    ...Object.entries(result.workflowChanges).map(
      ([file, changes]) => `  ${file}: added "${name}" to ${changes.join("; ")}`,
    ),
    "Next:",
    `  1. Review envs/${name}/index.ts (account, sizes, suppressions; its notes are the source env's).`,
    `  2. npm run preview -- ${name}    (offline plan)    and    npm test`,
    `  3. For CI: create the GitHub environment "${name}" and the repository variables`,
    `     AWS_PLAN_ROLE_ARN_${suffix} and AWS_DEPLOY_ROLE_ARN_${suffix}.`,
  ].join("\n");
}

/** The VPC ranges of every platform env, created or existing, with the env of each. */
function usedVpcCidrs(configs: readonly EnvConfig[]): [string, Ipv4Cidr][] {
  return configs.flatMap((c) => {
    const text =
      c.kind === "platform" ? (c.network?.vpcCidr ?? c.existingNetwork?.vpcCidr) : undefined;
    const cidr = text === undefined ? undefined : parseCidr(text);
    return cidr === undefined || typeof cidr === "string"
      ? []
      : [[c.env, cidr] as [string, Ipv4Cidr]];
  });
}

/** A range given with --vpc-cidr: a valid VPC block that overlaps no other env's. */
function checkedVpcCidr(text: string, configs: readonly EnvConfig[]): string {
  const cidr = parseCidr(text);
  if (typeof cidr === "string") throw new UsageError(`--vpc-cidr ${text} ${cidr}`);
  const clash = usedVpcCidrs(configs).find(([, used]) => overlap(used, cidr));
  if (clash)
    throw new UsageError(
      `--vpc-cidr ${text} overlaps env "${clash[0]}"'s VPC range ${formatCidr(clash[1])}; leave --vpc-cidr out to get a free range`,
    );
  return text;
}

/**
 * The first block with the source's prefix length in 10.0.0.0/8, counting on from the source's
 * own block, that overlaps no VPC range of any env (created or existing), so any two envs can be
 * peered later.
 */
export function freeVpcCidr(sourceCidr: string, configs: readonly EnvConfig[]): string {
  const used = usedVpcCidrs(configs).map(([, cidr]) => cidr);
  const start = parseCidr(sourceCidr) as Ipv4Cidr;
  const size = blockSize(start.prefixLength);
  const count = blockSize(PRIVATE_10.prefixLength) / size;
  const first = overlap(start, PRIVATE_10) ? (start.network - PRIVATE_10.network) / size : -1;
  for (let i = 1; i <= count; i++) {
    const candidate = {
      network: PRIVATE_10.network + ((first + i) % count) * size,
      prefixLength: start.prefixLength,
    };
    if (!used.some((u) => overlap(u, candidate))) return formatCidr(candidate);
  }
  throw new UsageError(
    `no free /${start.prefixLength} left in 10.0.0.0/8; give one with --vpc-cidr`,
  );
}

export function overlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return (
    a.network < b.network + blockSize(b.prefixLength) &&
    b.network < a.network + blockSize(a.prefixLength)
  );
}
