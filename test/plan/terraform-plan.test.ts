import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../../config/environments";
import { ENVS_DIR } from "../../tools/paths";
import { synthAll } from "../../tools/harness/synth";
import {
  createOfflineRunner,
  parsePlanSummary,
  type TerraformResult,
} from "../../tools/harness/terraform";

/**
 * Real terraform over every synthesized stack: init (provider mirror when present, registry
 * otherwise), validate, and an offline plan. A missing terraform fails here, with install advice.
 */
interface StackRun {
  dir: string;
  validate: TerraformResult;
  plan: TerraformResult;
  show: TerraformResult;
  resourceCount: number;
}

interface StackResources {
  resource?: Record<string, Record<string, { for_each?: string }>>;
}

/** Instances of a resource: 1, or the length of a literal for_each set such as `${toset(["a", "b"])}`. */
function instanceCount(resource: { for_each?: string }): number {
  if (resource.for_each === undefined) return 1;
  const literal = /^\$\{toset\((\[.*\])\)\}$/.exec(resource.for_each);
  if (!literal) throw new Error(`cannot count the instances of for_each = ${resource.for_each}`);
  return (JSON.parse(literal[1]) as unknown[]).length;
}

const stackNames = loadEnvironments(ENVS_DIR).map((c) => c.env);
const runs = new Map<string, StackRun>();

beforeAll(async () => {
  const terraform = createOfflineRunner();
  const stackDirs = synthAll(join(mkdtempSync(join(tmpdir(), "gitana-plan-")), "cdktf.out"));
  const runStack = async (name: string): Promise<void> => {
    const dir = stackDirs[name];
    const init = await terraform.init(dir);
    if (init.code !== 0) throw new Error(`terraform init failed for ${name}:\n${init.stderr}`);
    const validate = await terraform.validate(dir);
    const plan = await terraform.plan(dir, "offline.tfplan");
    const show = plan.code === 0 ? await terraform.show(dir, "offline.tfplan") : plan;
    const stack = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as StackResources;
    const resourceCount = Object.values(stack.resource ?? {})
      .flatMap((byName) => Object.values(byName))
      .reduce((n, resource) => n + instanceCount(resource), 0);
    if (show.code === 0) writeFileSync(join(dir, "plan.json"), show.stdout);
    runs.set(name, { dir, validate, plan, show, resourceCount });
  };
  // Terraform is mostly single-threaded: one stack per core.
  const queue = [...stackNames];
  const workers = Array.from(
    { length: Math.min(availableParallelism(), queue.length) },
    async () => {
      for (let name = queue.shift(); name; name = queue.shift()) await runStack(name);
    },
  );
  await Promise.all(workers);
}, 600_000);

function runOf(name: string): StackRun {
  const run = runs.get(name);
  if (!run)
    throw new Error(`terraform did not run for stack ${name}: see the beforeAll error above`);
  return run;
}

describe.each(stackNames)("stack %s", (name) => {
  test("passes terraform validate", () => {
    const { validate } = runOf(name);
    expect(validate.stderr).toBe("");
    expect(validate.stdout).toContain("Success! The configuration is valid.");
  });

  test("plans offline, creating every synthesized resource and nothing else", () => {
    const { plan, show, resourceCount } = runOf(name);
    expect(plan.stderr).toBe("");
    expect(parsePlanSummary(plan.stdout)).toEqual({ add: resourceCount, change: 0, destroy: 0 });
    const planned = JSON.parse(show.stdout) as {
      resource_changes: { change: { actions: string[] } }[];
    };
    expect(
      planned.resource_changes.filter((c) => c.change.actions.join() === "create"),
    ).toHaveLength(resourceCount);
  });

  test("meets the security baseline: `npm run check` passes, with only the env's written suppressions", () => {
    const { dir } = runOf(name);
    const check = runCheck(name, join(dir, "plan.json"), join(dir, "cdk.tf.json"));
    expect(check.stdout).toMatch(/\d+ passed, \d+ suppressed, 0 failed/);
    expect(check.status).toBe(0);
    if (name === "prod") expect(check.stdout).toMatch(/ 0 suppressed, 0 failed/);
  });
});

test("`npm run check` fails, naming the control, on a plan that breaks the baseline", () => {
  const { dir } = runOf("prod");
  const plan = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as {
    planned_values: {
      root_module: { resources: { type: string; values: Record<string, unknown> }[] };
    };
  };
  for (const resource of plan.planned_values.root_module.resources) {
    if (resource.type === "aws_subnet") resource.values.map_public_ip_on_launch = true;
  }
  const violating = join(dir, "violating-plan.json");
  writeFileSync(violating, JSON.stringify(plan));
  const stack = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  for (const subnet of Object.values(stack.resource.aws_subnet))
    subnet.map_public_ip_on_launch = true;
  const violatingStack = join(dir, "violating-stack.json");
  writeFileSync(violatingStack, JSON.stringify(stack));
  const check = runCheck("prod", violating, violatingStack);
  expect(check.status).toBe(1);
  expect(check.stdout).toMatch(/EC2\.15 +aws_subnet\.\S+ +FAIL +assigns public IPs on launch/);
  expect(check.stdout).toMatch(/9 failed$/m);
});

/** The real `npm run check` entry point, on a plan made by this suite. */
function runCheck(env: string, planJson: string, stackJson: string) {
  return spawnSync(
    process.execPath,
    [
      "--require",
      "ts-node/register/transpile-only",
      join(__dirname, "..", "..", "scripts", "check.ts"),
      env,
      "--plan-json",
      planJson,
      "--stack-json",
      stackJson,
    ],
    { encoding: "utf8" },
  );
}
