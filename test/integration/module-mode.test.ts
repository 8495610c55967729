import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  startAwsApiStub,
  STUB_ACCOUNT_ID,
  type AwsApiStub,
} from "../../tools/harness/aws-api-stub";
import type { ModuleJson } from "../../tools/module-mode/module-json";
import { provider6Findings, unreviewedTypes } from "../../tools/module-mode/provider-6";
import {
  AWS_PROVIDER_CONSTRAINT,
  MODULE_REFERENCE,
  MODULE_VERSION,
  synthTerraformModule,
} from "../../tools/module-mode/terraform-module";
import {
  createOfflineRunner,
  parsePlanSummary,
  type TerraformResult,
} from "../../tools/harness/terraform";

/**
 * Module mode: the generated module's layout and inputs, and the HCL roots of examples/ calling
 * it, planned offline as a new user would run them (the AWS API stub answers the one call a plan
 * makes, STS GetCallerIdentity, as account 111122223333).
 */
const workDir = mkdtempSync(join(tmpdir(), "gitana-module-"));
// The examples' source is ../../dist/terraform-module/gitana: the same layout here.
const moduleDir = synthTerraformModule(join(workDir, "dist", "terraform-module"));
const files = readdirSync(moduleDir).sort();
const read = (file: string) => JSON.parse(readFileSync(join(moduleDir, file), "utf8"));
const merged: ModuleJson = files
  .filter((f) => f.endsWith(".tf.json"))
  .map(read)
  .reduce(
    (all, part) => {
      for (const kind of ["resource", "data"] as const)
        for (const [type, blocks] of Object.entries(part[kind] ?? {}))
          Object.assign(((all[kind] ??= {})[type] ??= {}), blocks);
      return {
        ...all,
        ...(part.variable ? { variable: part.variable } : {}),
        ...(part.output ? { output: part.output } : {}),
        ...(part.terraform ? { terraform: part.terraform } : {}),
      };
    },
    { terraform: {} } as ModuleJson,
  );
const variables = merged.variable as Record<
  string,
  { type: string; description: string; default?: unknown; validation?: unknown[] }
>;

const terraform = createOfflineRunner();
let stub: AwsApiStub;
beforeAll(async () => (stub = await startAwsApiStub()));
afterAll(() => stub.close());

const example = (name: string) => join(__dirname, "..", "..", "examples", name);

/** Copies a root next to the module, points its provider at the stub, sets its variables. */
function exampleRoot(source: string, as: string, vars: Record<string, unknown>): string {
  const dir = join(workDir, "examples", as);
  mkdirSync(dir, { recursive: true });
  cpSync(source, dir, { recursive: true });
  writeFileSync(
    join(dir, "offline_override.tf.json"),
    JSON.stringify({
      provider: {
        aws: [
          {
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: true,
            endpoints: [{ sts: stub.url, sfn: stub.url }],
          },
        ],
      },
    }),
  );
  writeFileSync(join(dir, "offline.auto.tfvars.json"), JSON.stringify(vars));
  return dir;
}

const domain = { domain_name: "cms.acme.io", hosted_zone_id: "Z0123456789ABCDEFGHIJ" };

async function plan(dir: string): Promise<TerraformResult> {
  const init = await terraform.init(dir, { override: false });
  expect(init.stderr).toBe("");
  return terraform.plan(dir);
}

/** The module's planned resources (address -> after) from `terraform show -json`. */
async function plannedModuleResources(dir: string): Promise<Map<string, Record<string, unknown>>> {
  const shown = JSON.parse((await terraform.show(dir, "offline.tfplan")).stdout) as {
    resource_changes: {
      address: string;
      mode: string;
      change: { after: Record<string, unknown> };
    }[];
  };
  return new Map(
    shown.resource_changes
      .filter((c) => c.address.startsWith("module.gitana.") && c.mode === "managed")
      .map((c) => [c.address, c.change.after]),
  );
}

const oneLine = (text: string) => text.replace(/\s+/g, " ");

describe("module layout", () => {
  test("one file per layer, and variables, outputs, versions and a README of their own", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "README.md",
        "variables.tf.json",
        "outputs.tf.json",
        "versions.tf.json",
        "main.tf.json",
        "network.tf.json",
        "kms.tf.json",
        "documentdb.tf.json",
        "opensearch.tf.json",
        "compute.tf.json",
      ]),
    );
    expect(read("variables.tf.json")).toEqual({ "//": expect.any(String), variable: variables });
    expect(Object.keys(read("compute.tf.json"))).toEqual(["//", "resource", "data"]);
  });

  test("declares the provider it needs and has no provider block and no backend", () => {
    expect(merged.terraform).toEqual({
      required_version: ">= 1.11.0",
      required_providers: { aws: { source: "hashicorp/aws", version: ">= 5.100.0, < 7.0.0" } },
    });
    expect(files.flatMap((f) => (f.endsWith(".json") ? Object.keys(read(f)) : []))).not.toContain(
      "provider",
    );
  });

  test("outputs its version, which the changelog describes", () => {
    expect(merged.output?.module_version).toMatchObject({ value: MODULE_VERSION });
    const changelog = readFileSync(join(__dirname, "..", "..", "CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(
      new RegExp(`^## \\[${MODULE_VERSION.replace(/\./g, "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}$`, "m"),
    );
  });
});

describe("module inputs", () => {
  test("identity, network, sizes and tags are typed variables with defaults from the prod env", () => {
    expect(
      Object.fromEntries(Object.entries(variables).map(([n, v]) => [n, [v.type, v.default]])),
    ).toEqual({
      name_prefix: ["string", "gitana"],
      env_name: ["string", "prod"],
      availability_zones: ["list(string)", ["eu-west-1a", "eu-west-1b", "eu-west-1c"]],
      tags: ["map(string)", {}],
      allowed_account_ids: ["list(string)", []],
      create_network: ["bool", true],
      vpc_id: ["string", null],
      vpc_cidr: ["string", null],
      public_subnet_ids: ["list(string)", null],
      private_subnet_ids: ["list(string)", null],
      data_subnet_ids: ["list(string)", null],
      documentdb_instance_class: ["string", "db.r6g.large"],
      opensearch_instance_type: ["string", "r7g.large.search"],
      opensearch_master_instance_type: ["string", "m7g.large.search"],
      log_retention_days: ["number", 400],
      domain_name: ["string", undefined],
      hosted_zone_id: ["string", undefined],
    });
  });

  test("every variable is described and every one but create_network is validated", () => {
    for (const [name, v] of Object.entries(variables)) {
      expect([name, v.description.length > 20]).toEqual([name, true]);
      if (name !== "create_network")
        expect([name, v.validation?.length]).toEqual([name, expect.any(Number)]);
    }
  });

  test("no account, region, env name or domain of the prod env is baked into the module", () => {
    const text = files
      .filter((f) => f.endsWith(".tf.json") && f !== "variables.tf.json")
      .map((f) => readFileSync(join(moduleDir, f), "utf8"))
      .join("\n")
      // The Gitana images' registry is where it is, whoever calls the module.
      .replace(/444455556666\.dkr\.ecr\.eu-west-1|arn:aws:ecr:eu-west-1:444455556666/g, "");
    for (const literal of [
      "111122223333",
      "eu-west-1",
      "gitana-prod",
      "cms.example.com",
      "Z0EXAMPLE",
    ])
      expect([literal, text.includes(literal)]).toEqual([literal, false]);
  });
});

describe("module README", () => {
  test("is current: docs/module-reference.md is what npm run synth:module writes now", () => {
    const generated = readFileSync(join(moduleDir, "README.md"), "utf8");
    const committed = readFileSync(MODULE_REFERENCE, "utf8");
    if (generated !== committed)
      throw new Error(
        "docs/module-reference.md is stale: the module's inputs or outputs changed. Run `npm run synth:module` and commit it.",
      );
  });

  test("lists every input and output in terraform-docs' table format", () => {
    const readme = readFileSync(join(moduleDir, "README.md"), "utf8");
    expect(readme).toContain("| Name | Description | Type | Default | Required |");
    for (const name of Object.keys(variables))
      expect(readme).toContain(`<a name="input_${name}"></a>`);
    for (const name of Object.keys(merged.output ?? {}))
      expect(readme).toContain(`<a name="output_${name}"></a>`);
    expect(readme).toContain(
      '| <a name="input_domain_name"></a> [domain\\_name](#input\\_domain\\_name) | The domain',
    );
  });
});

describe("AWS provider 6", () => {
  test("every emitted type the 6.0 upgrade guide names has been reviewed against it", () => {
    expect(unreviewedTypes(merged)).toEqual([]);
  });

  test("the module uses nothing 6.0 removes or deprecates", () => {
    expect(provider6Findings(merged)).toEqual([]);
  });

  test("the rules catch what they are for", () => {
    const eip: ModuleJson = {
      terraform: {},
      resource: { aws_eip: { nat: { vpc: true } } },
      data: { aws_region: { here: {} } },
      output: { r: { value: "${data.aws_region.here.name}" } },
    };
    expect(provider6Findings(eip)).toEqual([
      "aws_eip.nat sets vpc: vpc removed; use domain",
      "data.aws_region.here.name is read: name deprecated; use region (absent in 5.x: read id)",
    ]);
  });

  test("the constraint admits 6.x only where checked, and the docs say 6.x was not planned here", () => {
    expect(AWS_PROVIDER_CONSTRAINT).toBe(">= 5.100.0, < 7.0.0");
    const docs = readFileSync(join(__dirname, "..", "..", "docs", "module-mode.md"), "utf8");
    expect(oneLine(docs)).toContain("planned here with 5.100.0 only");
  });
});

describe("examples, planned offline as a new user runs them", () => {
  test("complete: the module alone creates its network and every resource carries the caller's tags", async () => {
    const dir = exampleRoot(example("complete"), "complete", domain);
    const result = await plan(dir);
    expect(result.stderr).toBe("");
    expect(parsePlanSummary(result.stdout)?.add).toBeGreaterThan(250);
    const planned = await plannedModuleResources(dir);
    const addresses = [...planned.keys()];
    expect(addresses.filter((a) => /\.aws_vpc\./.test(a))).toHaveLength(1);
    expect(addresses.filter((a) => /\.aws_subnet\./.test(a))).toHaveLength(9);
    const taggable = [...planned].filter(([, after]) => "tags" in after);
    expect(taggable.length).toBeGreaterThan(100);
    const untagged = taggable
      .filter(([, after]) => (after.tags as Record<string, string> | null)?.CostCenter !== "cms")
      .map(([address]) => address);
    expect(untagged).toEqual([]);
    // The module's own tags survive the merge.
    const vpc = [...planned].find(([a]) => /\.aws_vpc\./.test(a))?.[1];
    expect(vpc?.tags).toEqual({ Name: "acme-prod", CostCenter: "cms", Owner: "platform-team" });
  }, 240_000);

  test("existing-network: the caller's VPC and subnets are used and the module creates none", async () => {
    const dir = exampleRoot(example("existing-network"), "existing-network", domain);
    const result = await plan(dir);
    expect(result.stderr).toBe("");
    expect(parsePlanSummary(result.stdout)?.add).toBeGreaterThan(200);
    const addresses = [...(await plannedModuleResources(dir)).keys()];
    expect(addresses.filter((a) => /\.aws_(vpc|subnet|nat_gateway|route_table)\./.test(a))).toEqual(
      [],
    );
  }, 240_000);

  test("remote-state: the network comes from another state's outputs", async () => {
    const dir = exampleRoot(example("remote-state"), "remote-state", {
      ...domain,
      network_state: { bucket: "acme-tfstate", key: "network.tfstate", region: "eu-west-1" },
      allowed_account_ids: [STUB_ACCOUNT_ID],
    });
    // Offline, the other state is a local file holding the outputs the S3 one would.
    const list = (prefix: string) => ({
      value: [0, 1, 2].map((i) => `${prefix}-0a1b2c3d4e5f6a7b${i}`),
      type: ["list", "string"],
    });
    writeFileSync(
      join(dir, "network.tfstate"),
      JSON.stringify({
        version: 4,
        terraform_version: "1.11.4",
        serial: 1,
        lineage: "network",
        outputs: {
          vpc_id: { value: "vpc-0a1b2c3d4e5f6a7b8", type: "string" },
          vpc_cidr: { value: "10.90.0.0/16", type: "string" },
          availability_zones: {
            value: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
            type: ["list", "string"],
          },
          public_subnet_ids: list("subnet"),
          private_subnet_ids: list("subnet"),
          data_subnet_ids: list("subnet"),
        },
        resources: [],
      }),
    );
    writeFileSync(
      join(dir, "remote_override.tf.json"),
      JSON.stringify({
        data: {
          terraform_remote_state: {
            network: { backend: "local", config: { path: "network.tfstate" } },
          },
        },
      }),
    );
    const result = await plan(dir);
    expect(result.stderr).toBe("");
    expect(parsePlanSummary(result.stdout)?.add).toBeGreaterThan(200);
  }, 240_000);
});

describe("plan-time checks stop the plan before any change is shown", () => {
  // One plan with four faults: Terraform reports each failed check, and shows no change.
  let refused: TerraformResult;
  beforeAll(async () => {
    const dir = exampleRoot(join(__dirname, "..", "fixtures", "module-root"), "refused", {
      region: "eu-central-1",
      inputs: {
        name_prefix: "acme-content",
        env_name: "production",
        availability_zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
        allowed_account_ids: ["444455556666"],
        create_network: true,
        vpc_id: "vpc-0a1b2c3d4e5f6a7b8",
      },
    });
    refused = await plan(dir);
  }, 120_000);

  test("the plan fails and lists no resource change", () => {
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).not.toMatch(/will be created|Plan: /);
  });

  test("a provider in an account not in allowed_account_ids", () => {
    expect(oneLine(refused.stderr)).toContain(
      `The provider's account ${STUB_ACCOUNT_ID} is not in allowed_account_ids (444455556666).`,
    );
  });

  test("zones of another region than the provider's", () => {
    expect(oneLine(refused.stderr)).toContain(
      "availability_zones (eu-west-1a, eu-west-1b, eu-west-1c) must be zones of the provider's region eu-central-1.",
    );
  });

  test("a name prefix and env name too long together", () => {
    expect(oneLine(refused.stderr)).toContain(
      '"acme-content-production" is longer than 20 characters',
    );
  });

  test("a VPC of the caller's while the module is told to create the network", () => {
    expect(oneLine(refused.stderr)).toContain(
      "with create_network = true (the default) give none of them.",
    );
  });
});
