import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const WORKFLOWS = join(__dirname, "..", ".github", "workflows");
const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));
const VALIDATOR = join(__dirname, "..", "node_modules", "@action-validator", "cli", "cli.mjs");

const read = (file: string) => readFileSync(join(WORKFLOWS, file), "utf8");

/** The jobs of a workflow by id, each as its text (the workflows indent jobs by two spaces). */
function jobs(file: string): Record<string, string> {
  const body = read(file).split(/^jobs:\n/m)[1];
  const parts = body.split(/^ {2}([\w-]+):\n/m).slice(1);
  return Object.fromEntries(
    parts.flatMap((part, i) => (i % 2 === 0 ? [[part, parts[i + 1]]] : [])),
  );
}

describe("GitHub workflows for users", () => {
  test("plan and deploy workflows exist", () => {
    expect(files.sort()).toEqual(["deploy.yml", "plan.yml"]);
  });

  test.each(files)("%s passes the workflow schema check (action-validator)", (file) => {
    const result = spawnSync(process.execPath, [VALIDATOR, join(WORKFLOWS, file)], {
      encoding: "utf8",
    });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  test.each(files)("%s pins every third-party action to a full commit SHA", (file) => {
    const uses = [...readFileSync(join(WORKFLOWS, file), "utf8").matchAll(/uses:\s*(\S+)/g)].map(
      (m) => m[1],
    );
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.filter((u) => !/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/.test(u))).toEqual([]);
  });

  test.each(files)("%s grants read-only contents by default and more only per job", (file) => {
    const text = readFileSync(join(WORKFLOWS, file), "utf8");
    expect(text).toMatch(/^permissions:\n {2}contents: read\n/m);
    expect(text).not.toMatch(/write-all|permissions: write/);
  });

  test.each(files)("%s takes AWS credentials from OIDC, never from stored keys", (file) => {
    const text = readFileSync(join(WORKFLOWS, file), "utf8");
    expect(text).toContain("id-token: write");
    expect(text).toContain("role-to-assume:");
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
  });

  test("deploy applies the plan it saved, behind the env's GitHub environment protection", () => {
    const text = readFileSync(join(WORKFLOWS, "deploy.yml"), "utf8");
    expect(text).toContain("terraform plan -input=false -lock-timeout=5m -out=tfplan");
    expect(text).toContain("environment: ${{ matrix.env }}");
    expect(text).toContain("terraform apply -input=false -lock-timeout=5m tfplan");
  });

  test("no workflow runs on pull_request_target or workflow_run (base-branch credentials for pull-request code)", () => {
    for (const file of files) {
      expect(read(file)).not.toMatch(/pull_request_target|workflow_run/);
    }
  });

  test("pull requests can obtain only dev's plan role: no staging or prod role is named in plan.yml", () => {
    const text = read("plan.yml");
    expect(text).toContain("role-to-assume: ${{ vars.AWS_PLAN_ROLE_ARN_DEV }}");
    expect(text).not.toMatch(/STAGING|PROD|DEPLOY_ROLE/);
    expect(
      Object.keys(jobs("plan.yml")).filter((j) => jobs("plan.yml")[j].includes("role-to-assume")),
    ).toEqual(["plan-dev"]);
  });

  test("the pull-request job that holds AWS credentials runs no repository code: no checkout, no npm", () => {
    const planDev = jobs("plan.yml")["plan-dev"];
    expect(planDev).not.toMatch(/actions\/checkout|\bnpm\b|npx/);
    // ...and the check and the comment come after it, in jobs without AWS credentials.
    for (const job of ["check-dev", "comment", "test", "synth"]) {
      expect(jobs("plan.yml")[job]).not.toMatch(/id-token|role-to-assume/);
    }
  });

  test("the stack a credentialed job plans names only the aws provider, installed read-only from the lock file", () => {
    expect(jobs("plan.yml").synth).toContain(
      `jq -e '.terraform.required_providers | keys == ["aws"]' cdktf.out/stacks/dev/cdk.tf.json`,
    );
    for (const file of files) {
      const inits = [...read(file).matchAll(/terraform init[^\n]*/g)].map((m) => m[0]);
      expect(inits.length).toBeGreaterThan(0);
      expect(inits.filter((init) => !init.includes("-lockfile=readonly"))).toEqual([]);
    }
  });

  test("forks and Dependabot, which GitHub gives no OIDC token, skip the dev plan instead of failing", () => {
    expect(jobs("plan.yml")["plan-dev"]).toContain(
      "if: github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'",
    );
  });

  test("each env's plan is one pull-request comment, updated in place", () => {
    const comment = jobs("plan.yml").comment;
    expect(comment).toContain("const marker = `<!-- gitana-plan:${env} -->`;");
    expect(comment).toContain("github.rest.issues.updateComment");
    expect(comment).toContain("pull-requests: write");
  });

  test("deploy plans and applies only code on main", () => {
    expect(jobs("deploy.yml").plan).toContain("if: github.ref == 'refs/heads/main'");
    expect(jobs("deploy.yml").apply).toContain("needs: plan");
  });

  test("deploys started by a push and by hand share one concurrency group, never cancelled", () => {
    expect(read("deploy.yml")).toMatch(
      /^concurrency:\n {2}group: deploy\n {2}cancel-in-progress: false\n/m,
    );
  });

  test("every workflow runs the Node.js major that package.json's engines names", () => {
    const engines = (
      JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as {
        engines: { node: string };
      }
    ).engines.node;
    const versions = new Set(
      files.flatMap((f) => [...read(f).matchAll(/node-version: (\S+)/g)].map((m) => m[1])),
    );
    expect([...versions]).toEqual([/^\^(\d+)\./.exec(engines)?.[1]]);
  });

  test("Dependabot keeps the pinned actions and the npm packages up to date", () => {
    const text = readFileSync(join(WORKFLOWS, "..", "dependabot.yml"), "utf8");
    expect(text).toMatch(/^version: 2$/m);
    expect([...text.matchAll(/package-ecosystem: (\S+)/g)].map((m) => m[1])).toEqual([
      "github-actions",
      "npm",
    ]);
  });

  test("deploy plans with the plan role and applies with the deploy role, inside the environment", () => {
    const text = readFileSync(join(WORKFLOWS, "deploy.yml"), "utf8");
    const [planJob, applyJob] = text.split(/\n {2}apply:\n/);
    expect(planJob).toContain("AWS_PLAN_ROLE_ARN_{0}");
    expect(planJob).not.toContain("AWS_DEPLOY_ROLE_ARN_{0}");
    expect(planJob).not.toContain("environment:");
    expect(applyJob).toContain("AWS_DEPLOY_ROLE_ARN_{0}");
    expect(applyJob).toContain("environment: ${{ matrix.env }}");
  });
});
