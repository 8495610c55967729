import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { loadEnvironments } from "../config/environments";
import { statefulAddresses, statefulIdChange } from "../tools/policy/stateful-ids";
import { STATEFUL_TYPES } from "../facts/stateful";
import { StateBackend } from "../constructs/state-backend";
import { ENVS_DIR } from "../tools/paths";
import { loadEnvConfig } from "../config/load";
import type { BootstrapEnvConfig } from "../config/schema";
import { bootstrapInput, devInput, prodInput, stagingInput } from "./helpers/configs";
import { resourceOf, resourcesOf, synthConfig, synthEnv, type StackJson } from "./helpers/synth";

const recorded = JSON.parse(readFileSync(join(__dirname, "stateful-ids.json"), "utf8")) as Record<
  string,
  string[]
>;
const prod = synthEnv("prod", prodInput());
const { stateAccess } = loadEnvConfig("bootstrap", bootstrapInput()) as BootstrapEnvConfig;

describe("stateful resources keep their addresses", () => {
  test.each(loadEnvironments(ENVS_DIR).map((config) => [config.env, config] as const))(
    "%s: every stateful resource is where test/stateful-ids.json records it",
    (env, config) => {
      const change = statefulIdChange(
        env,
        recorded[env] ?? [],
        statefulAddresses(synthConfig(config) as never),
      );
      expect(change).toBeUndefined();
    },
  );

  function stateBackendUnder(id: string): StackJson {
    const stack = new TerraformStack(Testing.app(), "bootstrap");
    new StateBackend(stack, id, {
      config: {
        accountId: "111122223333",
        region: "eu-west-1",
        namePrefix: "gitana",
        useLockfile: false,
      },
      access: stateAccess,
    });
    return JSON.parse(Testing.synth(stack)) as StackJson;
  }

  test("renaming a construct id of a stateful resource is caught, with the way to accept it", () => {
    const before = statefulAddresses(stateBackendUnder("state-backend") as never);
    const after = statefulAddresses(stateBackendUnder("state-store") as never);
    const change = statefulIdChange("bootstrap", before, after) ?? "";
    expect(change).toContain('The stateful resources of env "bootstrap" changed address');
    expect(change).toMatch(/\n {2}- aws_s3_bucket\.state-backend_state_bucket_\w+\n/);
    expect(change).toMatch(/\n {2}\+ aws_s3_bucket\.state-store_state_bucket_\w+/);
    expect(change).toContain('resource.moveFromId("<old address>")');
  });

  test("the documented way to accept a move writes a moved block, so Terraform keeps the resource", () => {
    const stack = new TerraformStack(Testing.app(), "bootstrap");
    const backend = new StateBackend(stack, "state-store", {
      config: {
        accountId: "111122223333",
        region: "eu-west-1",
        namePrefix: "gitana",
        useLockfile: false,
      },
      access: stateAccess,
    });
    const bucket = backend.node
      .findAll()
      .find((c) => c.node.path.endsWith("state-store/state/bucket")) as unknown as {
      moveFromId(id: string): void;
    };
    bucket.moveFromId("aws_s3_bucket.state-backend_state_bucket_D4F3E2A1");
    const json = JSON.parse(Testing.synth(stack)) as { moved?: { from: string; to: string }[] };
    expect(json.moved).toEqual([
      {
        from: "aws_s3_bucket.state-backend_state_bucket_D4F3E2A1",
        to: expect.stringMatching(/^aws_s3_bucket\.state-store_state_bucket_\w+$/),
      },
    ]);
  });
});

describe("prod cannot lose data to a plan", () => {
  test.each(["aws_docdb_cluster", "aws_opensearch_domain", "aws_s3_bucket", "aws_kms_key"])(
    "every %s carries prevent_destroy",
    (type) => {
      const resources = resourcesOf(prod, type);
      expect(resources.length).toBeGreaterThan(0);
      expect(
        resources.filter(
          ([, r]) =>
            (r.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy !== true,
        ),
      ).toEqual([]);
    },
  );

  test("DocumentDB: deletion protection, a final snapshot, 35 days of backups", () => {
    expect(resourceOf(prod, "aws_docdb_cluster")).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      backup_retention_period: 35,
    });
  });

  test("every bucket is versioned and never force-destroyed", () => {
    expect(
      resourcesOf(prod, "aws_s3_bucket_versioning").map(([, v]) => v.versioning_configuration),
    ).toEqual(Array(3).fill({ status: "Enabled" }));
    expect(resourcesOf(prod, "aws_s3_bucket").every(([, b]) => b.force_destroy === false)).toBe(
      true,
    );
  });

  test("dev, which protects nothing, lets destroy empty its buckets; staging, which protects data, does not", () => {
    const bucketsOf = (stack: StackJson) =>
      resourcesOf(stack, "aws_s3_bucket").map(([, b]) => b.force_destroy);
    expect(bucketsOf(synthEnv("dev", devInput()))).toEqual([true, true, true]);
    expect(bucketsOf(synthEnv("staging", stagingInput()))).toEqual([false, false, false]);
  });

  test("secrets can be restored for 30 days after deletion", () => {
    expect(
      resourcesOf(prod, "aws_secretsmanager_secret").every(
        ([, s]) => s.recovery_window_in_days === 30,
      ),
    ).toBe(true);
  });

  test("rolling deployments keep the API cluster quorum", () => {
    const api = resourceOf(prod, "aws_ecs_service", "compute_api_service");
    expect(api).toMatchObject({
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      capacity_provider_strategy: [{ capacity_provider: "FARGATE", weight: 1 }],
    });
    const memberCount = prodInput().compute.apiCluster.memberCount;
    expect(api.desired_count).toBeGreaterThanOrEqual(memberCount);
    expect(
      resourceOf(prod, "aws_appautoscaling_target", "compute_api_").min_capacity,
    ).toBeGreaterThanOrEqual(memberCount);
  });
});

describe("recovery windows follow whether the env keeps its data", () => {
  const windows = (stack: StackJson) => ({
    secrets: [
      ...new Set(
        resourcesOf(stack, "aws_secretsmanager_secret").map(([, s]) => s.recovery_window_in_days),
      ),
    ],
    keys: [...new Set(resourcesOf(stack, "aws_kms_key").map(([, k]) => k.deletion_window_in_days))],
  });

  test("staging, like prod, keeps deleted secrets and keys recoverable for 30 days", () => {
    expect(windows(synthEnv("staging", stagingInput()))).toEqual({ secrets: [30], keys: [30] });
    expect(windows(prod)).toEqual({ secrets: [30], keys: [30] });
  });

  test("staging carries prevent_destroy on its databases, buckets and keys, as prod does", () => {
    const staging = synthEnv("staging", stagingInput());
    const unprotected = STATEFUL_TYPES.flatMap((type) =>
      resourcesOf(staging, type)
        .filter(
          ([, r]) =>
            (r.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy !== true,
        )
        .map(([name]) => `${type}.${name}`),
    );
    expect(unprotected).toEqual([]);
  });

  test("only a disposable env (dev) frees secrets at once and keys after KMS's minimum 7 days", () => {
    expect(windows(synthEnv("dev", devInput()))).toEqual({ secrets: [0], keys: [7] });
  });
});
