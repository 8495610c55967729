import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthTerraformModule } from "../scripts/lib/terraform-module";
import { createOfflineRunner, parsePlanSummary } from "../scripts/lib/terraform";

/**
 * Module mode end to end: the synthesized module, called from an HCL root of yours
 * (test/fixtures/module-root: its own provider and VPC), inits, validates and plans offline.
 */
const workDir = mkdtempSync(join(tmpdir(), "gitana-module-"));
const moduleDir = synthTerraformModule(workDir, "prod");
const gitanaModule = JSON.parse(readFileSync(join(moduleDir, "main.tf.json"), "utf8")) as {
  terraform: Record<string, unknown>;
  provider?: unknown;
  variable: Record<string, { type: string; description: string; validation?: unknown[] }>;
  output: Record<string, unknown>;
};

describe("module mode", () => {
  test("has no provider and no backend: the calling root brings both", () => {
    expect(gitanaModule.provider).toBeUndefined();
    expect(gitanaModule.terraform.backend).toBeUndefined();
    expect(gitanaModule.terraform.required_providers).toEqual({
      aws: { source: "hashicorp/aws", version: ">= 5.100.0, < 6.0.0" },
    });
  });

  test("takes the VPC, subnets, log retention and hosted zone as typed, described, validated variables", () => {
    expect(
      Object.fromEntries(Object.entries(gitanaModule.variable).map(([name, v]) => [name, v.type])),
    ).toEqual({
      account_id: "string",
      region: "string",
      vpc_id: "string",
      vpc_cidr: "string",
      public_subnet_ids: "list(string)",
      private_subnet_ids: "list(string)",
      data_subnet_ids: "list(string)",
      log_retention_days: "number",
      hosted_zone_id: "string",
    });
    for (const variable of Object.values(gitanaModule.variable)) {
      expect(variable.description.length).toBeGreaterThan(10);
      expect(variable.validation).toHaveLength(1);
    }
  });

  test("exports the same outputs as an env stack", () => {
    expect(Object.keys(gitanaModule.output)).toEqual(
      expect.arrayContaining(["urls", "vpc_id", "documentdb_endpoint", "task_node_role_arn"]),
    );
  });

  test("an HCL root with its own VPC calls it: init, validate and an offline plan succeed", async () => {
    const rootDir = join(workDir, "root");
    cpSync(join(__dirname, "fixtures", "module-root"), rootDir, { recursive: true });
    const terraform = createOfflineRunner();
    const init = await terraform.init(rootDir, { override: false });
    expect(init.stderr).toBe("");
    const validate = await terraform.validate(rootDir);
    expect(validate.stdout).toContain("Success! The configuration is valid.");
    const plan = await terraform.plan(rootDir);
    expect(plan.stderr).toBe("");
    expect(parsePlanSummary(plan.stdout)?.add).toBeGreaterThan(150);
  }, 180_000);

  test("a root in another account is stopped at plan, with the way out", async () => {
    const rootDir = join(workDir, "other-account");
    cpSync(join(__dirname, "fixtures", "module-root"), rootDir, { recursive: true });
    const main = join(rootDir, "main.tf");
    writeFileSync(
      main,
      readFileSync(main, "utf8").replace(
        'account_id = "111122223333"',
        'account_id = "444455556666"',
      ),
    );
    const terraform = createOfflineRunner();
    await terraform.init(rootDir, { override: false });
    const plan = await terraform.plan(rootDir);
    expect(plan.code).not.toBe(0);
    expect(plan.stderr.replace(/\s+/g, " ")).toContain(
      "This module was generated for account 111122223333",
    );
  }, 180_000);
});
