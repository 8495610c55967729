import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const WORKFLOWS = join(__dirname, "..", ".github", "workflows");
const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));
const VALIDATOR = join(__dirname, "..", "node_modules", "@action-validator", "cli", "cli.mjs");

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
