import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlatformEnvInput } from "../../config/schema";
import { synthAll } from "../../tools/harness/synth";
import { createOfflineRunner, parsePlanSummary } from "../../tools/harness/terraform";
import { devInput } from "../helpers/configs";
import { resourceOf, resourcesOf, type StackJson } from "../helpers/synth";

/** Reads output `output` (element `index`) of the shared network state another team keeps. */
const fromNetworkState = (output: string, index?: number) => ({
  fromRemoteState: {
    bucket: "acme-terraform-state",
    key: "network/prod.tfstate",
    region: "eu-west-1",
    output,
    index,
  },
});

/** dev's config with every bring-your-own option set: a mix of literal ids and remote-state outputs. */
function byoConfig(): PlatformEnvInput {
  const config: PlatformEnvInput = devInput();
  delete config.network; // yours instead
  return {
    ...config,
    existingNetwork: {
      vpcId: fromNetworkState("vpc_id"),
      vpcCidr: "10.90.0.0/16",
      subnetIds: {
        public: [0, 1, 2].map((i) => fromNetworkState("public_subnet_ids", i)),
        private: [
          "subnet-0a1b2c3d4e5f60001",
          "subnet-0a1b2c3d4e5f60002",
          "subnet-0a1b2c3d4e5f60003",
        ],
        data: [0, 1, 2].map((i) => fromNetworkState("database_subnet_ids", i)),
      },
    },
    existingKeys: {
      logs: "arn:aws:kms:eu-west-1:111122223333:key/0d1e2f30-1111-4222-8333-944455556666",
      data: fromNetworkState("data_kms_key_arn"),
      messaging: "arn:aws:kms:eu-west-1:111122223333:key/0d1e2f30-1111-4222-8333-944455556667",
      secrets: "arn:aws:kms:eu-west-1:111122223333:key/0d1e2f30-1111-4222-8333-944455556668",
    },
    existingEcsCluster: {
      name: "acme-shared",
      serviceConnectNamespaceArn:
        "arn:aws:servicediscovery:eu-west-1:111122223333:namespace/ns-abcdefghij234567",
    },
    compute: {
      ...config.compute,
      domain: { name: "cms.example.com", hostedZoneId: "Z0EXAMPLE000000ACME01" },
    },
    stateBackend: {
      ...config.stateBackend,
      existing: {
        bucket: "acme-terraform-state",
        lockTable: "acme-terraform-locks",
        kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:alias/acme-terraform-state",
      },
    },
  };
}

let stack: StackJson;
let stackDir: string;

beforeAll(() => {
  const envs = mkdtempSync(join(tmpdir(), "gitana-byo-envs-"));
  mkdirSync(join(envs, "byo"));
  writeFileSync(join(envs, "byo", "index.js"), `exports.config = ${JSON.stringify(byoConfig())};`);
  stackDir = synthAll(join(mkdtempSync(join(tmpdir(), "gitana-byo-")), "cdktf.out"), envs).byo;
  stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as StackJson;
});

describe("bringing your own resources", () => {
  test.each([
    "aws_vpc",
    "aws_subnet",
    "aws_internet_gateway",
    "aws_nat_gateway",
    "aws_route_table",
    "aws_flow_log",
    "aws_default_security_group",
    "aws_kms_key",
    "aws_ecs_cluster",
    "aws_ecs_cluster_capacity_providers",
    "aws_service_discovery_http_namespace",
    "aws_route53_zone",
  ])("creates no %s", (type) => {
    expect(resourcesOf(stack, type)).toEqual([]);
  });

  test("reads each other state once, through terraform_remote_state", () => {
    expect(
      Object.values(
        (stack as { data: Record<string, Record<string, unknown>> }).data.terraform_remote_state,
      ),
    ).toEqual([
      {
        backend: "s3",
        config: {
          bucket: "acme-terraform-state",
          key: "network/prod.tfstate",
          region: "eu-west-1",
        },
      },
    ]);
  });

  test("puts the data stores in your data subnets and the tasks in your private ones", () => {
    expect(resourceOf(stack, "aws_docdb_subnet_group").subnet_ids).toEqual(
      [0, 1, 2].map((i) =>
        expect.stringMatching(
          new RegExp(
            `^\\$\\{element\\(data\\.terraform_remote_state\\.\\S+\\.outputs\\.database_subnet_ids, ${i}\\)\\}$`,
          ),
        ),
      ),
    );
    expect(
      (
        resourceOf(stack, "aws_ecs_service", "compute_api_service").network_configuration as {
          subnets: string[];
        }
      ).subnets,
    ).toEqual(["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"]);
  });

  test("encrypts with your keys and runs in your cluster", () => {
    expect(resourceOf(stack, "aws_cloudwatch_log_group", "compute_api_").kms_key_id).toBe(
      "arn:aws:kms:eu-west-1:111122223333:key/0d1e2f30-1111-4222-8333-944455556666",
    );
    expect(resourceOf(stack, "aws_docdb_cluster").kms_key_id).toMatch(
      /outputs\.data_kms_key_arn\}$/,
    );
    expect(resourceOf(stack, "aws_ecs_service", "compute_api_service").cluster).toBe(
      "arn:aws:ecs:eu-west-1:111122223333:cluster/acme-shared",
    );
  });

  test("a key an env made before leaves state without being destroyed (removed blocks, Terraform >= 1.7)", () => {
    // Where a deployed env's own keys are: switching to yours must not plan them for destruction.
    const recorded = JSON.parse(
      readFileSync(join(__dirname, "..", "stateful-ids.json"), "utf8"),
    ) as {
      dev: string[];
    };
    const ownKeys = recorded.dev.filter((address) => address.startsWith("aws_kms_key."));
    expect(ownKeys).toHaveLength(4);
    expect(stack.removed).toEqual(
      expect.arrayContaining(ownKeys.map((from) => ({ from, lifecycle: { destroy: false } }))),
    );
    expect(stack.removed?.filter((r) => r.from.startsWith("aws_kms_alias."))).toHaveLength(4);
    expect(stack.terraform?.required_version).toBe(">= 1.7.0");
  });

  test("keeps its state in your bucket and lock table", () => {
    expect(stack.terraform?.backend?.s3).toMatchObject({
      bucket: "acme-terraform-state",
      dynamodb_table: "acme-terraform-locks",
      kms_key_id: "arn:aws:kms:eu-west-1:111122223333:alias/acme-terraform-state",
    });
  });

  test("plans offline", async () => {
    const terraform = createOfflineRunner();
    const init = await terraform.init(stackDir);
    expect(init.stderr).toBe("");
    const plan = await terraform.plan(stackDir);
    expect(plan.stderr).toBe("");
    expect(parsePlanSummary(plan.stdout)?.add).toBeGreaterThan(100);
  }, 120_000);
});
