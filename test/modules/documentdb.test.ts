import { Testing, TerraformStack } from "cdktf";
import { DocumentDbCluster } from "../../modules/documentdb";
import { devInput, prodInput } from "../helpers/configs";
import { ref, resourceOf, resourcesOf, synthEnv, type StackJson } from "../helpers/synth";

const prod = synthEnv("prod", prodInput());
const dev = synthEnv("dev", devInput());

describe("DocumentDbCluster", () => {
  test("prod: an encrypted DocumentDB 5.0 cluster in the data subnets with 35 days of backups", () => {
    expect(resourceOf(prod, "aws_docdb_cluster")).toMatchObject({
      cluster_identifier: "gitana-prod-docdb",
      engine: "docdb",
      engine_version: "5.0.0",
      port: 27017,
      storage_encrypted: true,
      kms_key_id: ref(prod, "aws_kms_key", "data-key", "arn"),
      backup_retention_period: 35,
      preferred_backup_window: "01:00-02:00",
      preferred_maintenance_window: "sun:03:00-sun:04:00",
      enabled_cloudwatch_logs_exports: ["audit", "profiler"],
      vpc_security_group_ids: [ref(prod, "aws_security_group", "documentdb", "id")],
      db_subnet_group_name: ref(prod, "aws_docdb_subnet_group", "documentdb", "name"),
    });
    expect(resourceOf(prod, "aws_docdb_subnet_group").subnet_ids).toEqual(
      ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((az) =>
        ref(prod, "aws_subnet", `_data-subnet-${az}_`, "id"),
      ),
    );
  });

  test("prod: deletion protection, a final snapshot and prevent_destroy", () => {
    expect(resourceOf(prod, "aws_docdb_cluster")).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "gitana-prod-docdb-final",
      lifecycle: { prevent_destroy: true },
    });
  });

  test("dev: disposable, as its config says", () => {
    expect(resourceOf(dev, "aws_docdb_cluster")).toMatchObject({
      deletion_protection: false,
      skip_final_snapshot: true,
      backup_retention_period: 7,
      lifecycle: { prevent_destroy: false },
    });
  });

  test("the master password is generated and kept by AWS: no password in the configuration", () => {
    const cluster = resourceOf(prod, "aws_docdb_cluster");
    expect(cluster).toMatchObject({ master_username: "gitana", manage_master_user_password: true });
    expect(cluster.master_password).toBeUndefined();
    expect(cluster.master_password_wo).toBeUndefined();
  });

  test("the parameter group requires TLS and turns on auditing and profiling", () => {
    expect(resourceOf(prod, "aws_docdb_cluster_parameter_group")).toMatchObject({
      family: "docdb5.0",
      parameter: [
        { name: "tls", value: "tls1.2+", apply_method: "pending-reboot" },
        { name: "audit_logs", value: "enabled" },
        { name: "profiler", value: "enabled" },
        { name: "profiler_threshold_ms", value: "200" },
      ],
    });
    expect(resourceOf(prod, "aws_docdb_cluster").db_cluster_parameter_group_name).toBe(
      ref(prod, "aws_docdb_cluster_parameter_group", "documentdb", "name"),
    );
  });

  test("exported logs land in KMS-encrypted groups created before the cluster", () => {
    for (const type of ["audit", "profiler"]) {
      expect(resourceOf(prod, "aws_cloudwatch_log_group", `documentdb_${type}`)).toMatchObject({
        name: `/aws/docdb/gitana-prod-docdb/${type}`,
        retention_in_days: 400,
        kms_key_id: ref(prod, "aws_kms_key", "logs-key", "arn"),
      });
    }
    expect(resourceOf(prod, "aws_docdb_cluster").depends_on).toEqual([
      expect.stringContaining("aws_cloudwatch_log_group.gitana_documentdb_audit"),
      expect.stringContaining("aws_cloudwatch_log_group.gitana_documentdb_profiler"),
    ]);
  });

  test.each<[string, StackJson, string[]]>([
    ["prod", prod, ["eu-west-1a", "eu-west-1b", "eu-west-1c"]],
    ["dev", dev, ["eu-west-1a"]],
  ])("%s: one instance per configured count, spread over the AZs", (_env, stack, zones) => {
    const instances = resourcesOf(stack, "aws_docdb_cluster_instance").map(([, i]) => i);
    expect(instances.map((i) => i.availability_zone)).toEqual(zones);
    expect(instances.map((i) => i.promotion_tier)).toEqual(zones.map((_, i) => i));
    expect(
      instances.every(
        (i) => i.cluster_identifier === ref(stack, "aws_docdb_cluster", "documentdb", "id"),
      ),
    ).toBe(true);
  });

  test("its security group admits nobody until allowFrom, then only the caller's group on 27017", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const cluster = new DocumentDbCluster(stack, "docdb", {
      namePrefix: "gitana-test",
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
      availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
      engineVersion: "5.0.0",
      instanceClass: "db.t4g.medium",
      instanceCount: 1,
      backupRetentionDays: 7,
      backupWindow: "01:00-02:00",
      maintenanceWindow: "sun:03:00-sun:04:00",
      masterUsername: "gitana",
      kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/data",
      logsKmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/logs",
      logRetentionDays: 30,
      deletionProtection: true,
      preventDestroy: false,
    });
    const before = JSON.parse(Testing.synth(stack)) as StackJson;
    expect(resourcesOf(before, "aws_vpc_security_group_ingress_rule")).toEqual([]);
    expect(resourcesOf(before, "aws_vpc_security_group_egress_rule")).toEqual([]);
    cluster.securityGroup.allowFrom({ peerName: "api", securityGroupId: "sg-api" }, 27017);
    const after = JSON.parse(Testing.synth(stack)) as StackJson;
    expect(resourcesOf(after, "aws_vpc_security_group_ingress_rule").map(([, r]) => r)).toEqual([
      expect.objectContaining({
        security_group_id: ref(after, "aws_security_group", "docdb", "id"),
        ip_protocol: "tcp",
        from_port: 27017,
        to_port: 27017,
        referenced_security_group_id: "sg-api",
      }),
    ]);
  });
});
