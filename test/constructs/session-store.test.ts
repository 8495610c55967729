import { TerraformOutput, Testing, TerraformStack } from "cdktf";
import { ValkeySessionStore, type ValkeySessionStoreProps } from "../../constructs/session-store";
import { devInput, prodInput, stagingInput } from "../helpers/configs";
import { ref, resourceOf, resourcesOf, synthEnv, type StackJson } from "../helpers/synth";

const DATA_KEY = "arn:aws:kms:eu-west-1:111122223333:key/data";
const LOGS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/logs";

/** A store on a bare stack, with `props` over two-node defaults. */
function bare(props: Partial<ValkeySessionStoreProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  const store = new ValkeySessionStore(stack, "store", {
    namePrefix: "gitana-test",
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
    nodeType: "cache.t4g.small",
    kmsKeyArn: DATA_KEY,
    logsKmsKeyArn: LOGS_KEY,
    logRetentionDays: 30,
    preventDestroy: true,
    ...props,
  });
  return { stack, store, synth: () => JSON.parse(Testing.synth(stack)) as StackJson };
}

const group = (stack: StackJson) => resourceOf(stack, "aws_elasticache_replication_group");

describe("ValkeySessionStore", () => {
  test("is a Valkey 8.2 replication group with the default parameter group of its major", () => {
    expect(group(bare().synth())).toMatchObject({
      replication_group_id: "gitana-test-sessions",
      engine: "valkey",
      engine_version: "8.2",
      parameter_group_name: "default.valkey8",
      node_type: "cache.t4g.small",
      port: 6379,
    });
  });

  test("encrypts at rest with the given KMS key", () => {
    expect(group(bare().synth())).toMatchObject({
      at_rest_encryption_enabled: "true",
      kms_key_id: DATA_KEY,
    });
  });

  test("requires TLS in transit and carries no AUTH token", () => {
    const g = group(bare().synth());
    expect(g).toMatchObject({
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
    });
    expect(g.auth_token).toBeUndefined();
  });

  test("gives the ui a rediss:// URL of the primary endpoint", () => {
    const { stack, store, synth } = bare();
    new TerraformOutput(stack, "url", { value: store.url });
    const synthesized = synth();
    expect(synthesized.output?.url).toMatchObject({
      value: `rediss://${ref(synthesized, "aws_elasticache_replication_group", "store", "primary_endpoint_address")}:6379`,
    });
  });

  test("runs a primary and a replica by default, with automatic failover across AZs", () => {
    expect(group(bare().synth())).toMatchObject({
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
    });
  });

  test("a single node has neither failover nor Multi-AZ", () => {
    expect(group(bare({ nodeCount: 1 }).synth())).toMatchObject({
      num_cache_clusters: 1,
      automatic_failover_enabled: false,
      multi_az_enabled: false,
    });
  });

  test("names its nodes as ElastiCache does, for their metrics", () => {
    expect(bare({ nodeCount: 3 }).store.memberClusterIds).toEqual([
      "gitana-test-sessions-001",
      "gitana-test-sessions-002",
      "gitana-test-sessions-003",
    ]);
  });

  test("sits in a subnet group of its own over the given subnets", () => {
    const stack = bare().synth();
    expect(resourceOf(stack, "aws_elasticache_subnet_group")).toMatchObject({
      name: "gitana-test-sessions",
      subnet_ids: ["subnet-a", "subnet-b", "subnet-c"],
    });
    expect(group(stack).subnet_group_name).toBe(
      ref(stack, "aws_elasticache_subnet_group", "store", "name"),
    );
  });

  test("keeps 7 days of snapshots by default and a final one when deleted", () => {
    expect(group(bare().synth())).toMatchObject({
      snapshot_retention_limit: 7,
      final_snapshot_identifier: "gitana-test-sessions-final",
    });
  });

  test("without snapshots, takes no final one either", () => {
    const g = group(bare({ snapshotRetentionDays: 0 }).synth());
    expect(g.snapshot_retention_limit).toBe(0);
    expect(g.final_snapshot_identifier).toBeUndefined();
  });

  test("upgrades minor versions by itself, in a maintenance window apart from its snapshots", () => {
    expect(group(bare().synth())).toMatchObject({
      auto_minor_version_upgrade: "true",
      snapshot_window: "02:00-03:00",
      maintenance_window: "sun:04:00-sun:05:00",
    });
  });

  test("delivers its slow log and engine log as JSON to its own KMS-encrypted group, made first", () => {
    const stack = bare().synth();
    expect(resourceOf(stack, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/aws/elasticache/gitana-test-sessions",
      retention_in_days: 30,
      kms_key_id: LOGS_KEY,
    });
    const logGroup = ref(stack, "aws_cloudwatch_log_group", "store", "name");
    expect(group(stack).log_delivery_configuration).toEqual(
      ["slow-log", "engine-log"].map((logType) => ({
        destination: logGroup,
        destination_type: "cloudwatch-logs",
        log_format: "json",
        log_type: logType,
      })),
    );
    expect(group(stack).depends_on).toEqual([
      expect.stringContaining("aws_cloudwatch_log_group.store_log-group"),
    ]);
  });

  test("carries prevent_destroy as asked", () => {
    expect(group(bare().synth()).lifecycle).toEqual({ prevent_destroy: true });
    expect(group(bare({ preventDestroy: false }).synth()).lifecycle).toEqual({
      prevent_destroy: false,
    });
  });

  test("its security group admits nobody until allowFrom, then only the caller's group on 6379", () => {
    const { store, synth } = bare();
    const before = synth();
    expect(group(before).security_group_ids).toEqual([
      ref(before, "aws_security_group", "store", "id"),
    ]);
    expect(resourcesOf(before, "aws_vpc_security_group_ingress_rule")).toEqual([]);
    expect(resourcesOf(before, "aws_vpc_security_group_egress_rule")).toEqual([]);
    store.securityGroup.allowFrom({ peerName: "ui", securityGroupId: "sg-ui" }, 6379);
    const after = synth();
    expect(resourcesOf(after, "aws_vpc_security_group_ingress_rule").map(([, r]) => r)).toEqual([
      expect.objectContaining({
        security_group_id: ref(after, "aws_security_group", "store", "id"),
        ip_protocol: "tcp",
        from_port: 6379,
        to_port: 6379,
        referenced_security_group_id: "sg-ui",
      }),
    ]);
  });

  test.each<[string, Partial<ValkeySessionStoreProps>, string]>([
    [
      "a node type of another service",
      { nodeType: "db.t4g.medium" },
      'nodeType "db.t4g.medium" is not an ElastiCache node type such as cache.t4g.small',
    ],
    [
      "more nodes than a shard holds",
      { nodeCount: 7 },
      "nodeCount 7 is not allowed; a replication group has 1 to 6 nodes",
    ],
    [
      "Multi-AZ in one subnet",
      { subnetIds: ["subnet-a"] },
      "subnetIds needs subnets in at least two AZs for Multi-AZ with 2 nodes, got 1",
    ],
    [
      "snapshots kept longer than ElastiCache allows",
      { snapshotRetentionDays: 36 },
      "snapshotRetentionDays 36 is not allowed; ElastiCache keeps 0 to 35 days",
    ],
    [
      "a snapshot window inside the maintenance window",
      { snapshotWindow: "04:30-05:30" },
      'snapshotWindow "04:30-05:30" overlaps maintenanceWindow "sun:04:00-sun:05:00": a snapshot would compete with patching',
    ],
    [
      "a snapshot window running past midnight into the maintenance window",
      { snapshotWindow: "23:30-00:30", maintenanceWindow: "sun:00:00-sun:01:00" },
      'snapshotWindow "23:30-00:30" overlaps maintenanceWindow "sun:00:00-sun:01:00": a snapshot would compete with patching',
    ],
    [
      "a maintenance window shorter than an hour",
      { maintenanceWindow: "sun:04:00-sun:04:30" },
      'maintenanceWindow "sun:04:00-sun:04:30" is shorter than the 60 minutes ElastiCache requires',
    ],
    [
      "a malformed maintenance window",
      { maintenanceWindow: "sunday 4am" },
      'maintenanceWindow "sunday 4am" is not a UTC window ddd:hh:mm-ddd:hh:mm (ddd: sun, mon, tue, wed, thu, fri, sat)',
    ],
  ])("refuses %s, naming the prop", (_what, props, message) => {
    expect(() => bare(props)).toThrow(`test/store: ${message}`);
  });
});

describe("the session store of an env", () => {
  const prod = synthEnv("prod", prodInput());
  const dev = synthEnv("dev", devInput());

  test("prod: two nodes with failover across AZs, 7 days of snapshots, prevent_destroy, in the data subnets", () => {
    expect(group(prod)).toMatchObject({
      replication_group_id: "gitana-prod-sessions",
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      snapshot_retention_limit: 7,
      kms_key_id: ref(prod, "aws_kms_key", "data-key", "arn"),
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceOf(prod, "aws_elasticache_subnet_group").subnet_ids).toEqual(
      ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((az) =>
        ref(prod, "aws_subnet", `_data-subnet-${az}_`, "id"),
      ),
    );
  });

  test("staging, whose ui scales to two tasks, gets the same highly available store", () => {
    const staging = synthEnv("staging", stagingInput());
    expect(group(staging)).toMatchObject({
      replication_group_id: "gitana-staging-sessions",
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      snapshot_retention_limit: 7,
    });
  });

  test("dev runs one ui task: no store, no store alarms, no store outputs", () => {
    expect(resourcesOf(dev, "aws_elasticache_replication_group")).toEqual([]);
    expect(JSON.stringify(dev.resource?.aws_cloudwatch_metric_alarm)).not.toContain(
      "AWS/ElastiCache",
    );
    expect(Object.keys(dev.output ?? {}).filter((o) => o.startsWith("session_store"))).toEqual([]);
  });

  test("an unprotected env whose ui scales out gets one node and no snapshots", () => {
    const input = devInput();
    input.compute.services.ui.maxCount = 2;
    const stack = synthEnv("dev", input);
    expect(group(stack)).toMatchObject({
      num_cache_clusters: 1,
      automatic_failover_enabled: false,
      multi_az_enabled: false,
      snapshot_retention_limit: 0,
      lifecycle: { prevent_destroy: false },
    });
  });

  test("the node type comes from config", () => {
    const input = prodInput();
    input.sessionStore = { nodeType: "cache.m7g.large" };
    expect(group(synthEnv("prod", input)).node_type).toBe("cache.m7g.large");
  });

  test("only the ui tasks reach it, on 6379", () => {
    const store = ref(prod, "aws_security_group", "session-store", "id");
    const ingress = resourcesOf(prod, "aws_vpc_security_group_ingress_rule")
      .map(([, r]) => r)
      .filter((r) => r.security_group_id === store);
    expect(ingress).toEqual([
      expect.objectContaining({
        from_port: 6379,
        to_port: 6379,
        referenced_security_group_id: ref(prod, "aws_security_group", "compute_ui_", "id"),
      }),
    ]);
  });

  test("the ui tasks get its rediss:// URL", () => {
    const task = resourceOf(prod, "aws_ecs_task_definition", "compute_ui_");
    const containers = JSON.parse(task.container_definitions as string) as {
      environment?: { name: string; value: string }[];
    }[];
    const env = containers.flatMap((c) => c.environment ?? []);
    expect(env).toContainEqual({
      name: "CLOUDCMS_REDIS_URL",
      value: `rediss://${ref(prod, "aws_elasticache_replication_group", "session-store", "primary_endpoint_address")}:6379`,
    });
  });

  test("each node has AWS's recommended alarms, and replication lag since there is a replica", () => {
    const alarms = resourcesOf(prod, "aws_cloudwatch_metric_alarm")
      .map(([, a]) => a)
      .filter((a) => a.namespace === "AWS/ElastiCache");
    const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(alarms.map((a) => [a.alarm_name, a.metric_name, a.threshold]).sort(byName)).toEqual(
      ["001", "002"]
        .flatMap((node) => [
          [`gitana-prod-session-store-${node}-engine-cpu`, "EngineCPUUtilization", 90],
          [`gitana-prod-session-store-${node}-memory`, "DatabaseMemoryUsagePercentage", 80],
          [`gitana-prod-session-store-${node}-evictions`, "Evictions", 1],
          [`gitana-prod-session-store-${node}-replication-lag`, "ReplicationLag", 10],
        ])
        .sort(byName),
    );
    expect(
      alarms.every((a) =>
        /^gitana-prod-sessions-00[12]$/.test(
          (a.dimensions as Record<string, string>).CacheClusterId,
        ),
      ),
    ).toBe(true);
  });

  test("its endpoint, port, group id, security group and log group are stack outputs", () => {
    expect(
      Object.keys(prod.output ?? {})
        .filter((o) => o.startsWith("session_store"))
        .sort(),
    ).toEqual([
      "session_store_endpoint",
      "session_store_log_group_name",
      "session_store_port",
      "session_store_replication_group_id",
      "session_store_security_group_id",
    ]);
  });
});
