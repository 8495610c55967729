import { DocumentDbCluster, type DocumentDbClusterProps } from "../../constructs/documentdb";
import { bareStack, synthStack } from "../helpers/bare-stack";
import { devInput, prodInput } from "../helpers/configs";
import { ref, resourceOf, resourcesOf, synthEnv, type StackJson } from "../helpers/synth";

const DATA_KEY = "arn:aws:kms:eu-west-1:111122223333:key/data";
const LOGS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/logs";
const PROPS: DocumentDbClusterProps = {
  namePrefix: "gitana-test",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  availabilityZones: ["eu-west-1a", "eu-west-1b"],
  engineVersion: "5.0.0",
  instanceClass: "db.t4g.medium",
  instanceCount: 2,
  backupRetentionDays: 7,
  backupWindow: "01:00-02:00",
  maintenanceWindow: "sun:03:00-sun:04:00",
  masterUsername: "gitana",
  kmsKeyArn: DATA_KEY,
  logsKmsKeyArn: LOGS_KEY,
  logRetentionDays: 30,
  deletionProtection: true,
  preventDestroy: false,
};
/** A DocumentDbCluster alone on a bare stack. */
function docdb(props: Partial<DocumentDbClusterProps> = {}): StackJson {
  const stack = bareStack();
  new DocumentDbCluster(stack, "docdb", { ...PROPS, ...props });
  return synthStack(stack);
}

describe("DocumentDbCluster", () => {
  const bare = docdb();
  const cluster = () => resourceOf(bare, "aws_docdb_cluster");

  test("an encrypted cluster of the engine version given, on 27017, in its own subnet group and security group", () => {
    expect(cluster()).toMatchObject({
      cluster_identifier: "gitana-test-docdb",
      engine: "docdb",
      engine_version: "5.0.0",
      port: 27017,
      storage_encrypted: true,
      kms_key_id: DATA_KEY,
      vpc_security_group_ids: [ref(bare, "aws_security_group", "docdb", "id")],
      db_subnet_group_name: ref(bare, "aws_docdb_subnet_group", "docdb", "name"),
    });
    expect(resourceOf(bare, "aws_docdb_subnet_group").subnet_ids).toEqual(["subnet-a", "subnet-b"]);
  });

  test("backups and maintenance follow the props", () => {
    expect(cluster()).toMatchObject({
      backup_retention_period: 7,
      preferred_backup_window: "01:00-02:00",
      preferred_maintenance_window: "sun:03:00-sun:04:00",
    });
  });

  test("with deletion protection it also keeps a final snapshot on delete", () => {
    expect(cluster()).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "gitana-test-docdb-final",
    });
  });

  test("without deletion protection it is disposable: no final snapshot", () => {
    expect(resourceOf(docdb({ deletionProtection: false }), "aws_docdb_cluster")).toMatchObject({
      deletion_protection: false,
      skip_final_snapshot: true,
    });
  });

  test("preventDestroy becomes Terraform's prevent_destroy", () => {
    expect(cluster().lifecycle).toEqual({ prevent_destroy: false });
    expect(resourceOf(docdb({ preventDestroy: true }), "aws_docdb_cluster").lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  test("the master password is generated and kept by AWS: no password in the configuration", () => {
    expect(cluster()).toMatchObject({
      master_username: "gitana",
      manage_master_user_password: true,
    });
    expect(cluster().master_password).toBeUndefined();
    expect(cluster().master_password_wo).toBeUndefined();
  });

  test("the parameter group requires TLS 1.2+ and turns on auditing and profiling", () => {
    const group = resourceOf(bare, "aws_docdb_cluster_parameter_group");
    expect(group.family).toBe("docdb5.0");
    expect(group.parameter).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "tls", value: "tls1.2+" }),
        expect.objectContaining({ name: "audit_logs", value: "enabled" }),
        expect.objectContaining({ name: "profiler", value: "enabled" }),
      ]),
    );
    expect(cluster().db_cluster_parameter_group_name).toBe(
      ref(bare, "aws_docdb_cluster_parameter_group", "docdb", "name"),
    );
  });

  test("audit and profiler logs are exported into KMS-encrypted groups created before the cluster", () => {
    expect(cluster().enabled_cloudwatch_logs_exports).toEqual(["audit", "profiler"]);
    for (const type of ["audit", "profiler"]) {
      expect(resourceOf(bare, "aws_cloudwatch_log_group", `docdb_${type}`)).toMatchObject({
        name: `/aws/docdb/gitana-test-docdb/${type}`,
        retention_in_days: 30,
        kms_key_id: LOGS_KEY,
      });
    }
    expect(cluster().depends_on).toEqual([
      expect.stringContaining("aws_cloudwatch_log_group.docdb_audit"),
      expect.stringContaining("aws_cloudwatch_log_group.docdb_profiler"),
    ]);
  });

  test("one instance per instanceCount, spread over the zones, in promotion order", () => {
    const instances = resourcesOf(bare, "aws_docdb_cluster_instance").map(([, i]) => i);
    expect(instances.map((i) => [i.availability_zone, i.promotion_tier, i.instance_class])).toEqual(
      [
        ["eu-west-1a", 0, "db.t4g.medium"],
        ["eu-west-1b", 1, "db.t4g.medium"],
      ],
    );
    expect(new Set(instances.map((i) => i.cluster_identifier))).toEqual(
      new Set([ref(bare, "aws_docdb_cluster", "docdb", "id")]),
    );
  });

  test("its security group admits nobody until allowFrom, then only the caller's group on 27017", () => {
    const stack = bareStack();
    const cluster = new DocumentDbCluster(stack, "docdb", PROPS);
    const before = synthStack(stack);
    expect(resourcesOf(before, "aws_vpc_security_group_ingress_rule")).toEqual([]);
    expect(resourcesOf(before, "aws_vpc_security_group_egress_rule")).toEqual([]);
    cluster.securityGroup.allowFrom({ peerName: "api", securityGroupId: "sg-api" }, 27017);
    const after = synthStack(stack);
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

/** What only an env shows: its network, keys and protection wired into the cluster. */
describe("an env's DocumentDB", () => {
  const prod = synthEnv("prod", prodInput());
  const dev = synthEnv("dev", devInput());

  test("lives in the env's data subnets, one per zone", () => {
    expect(resourceOf(prod, "aws_docdb_subnet_group").subnet_ids).toEqual(
      ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((az) =>
        ref(prod, "aws_subnet", `_data-subnet-${az}_`, "id"),
      ),
    );
  });

  test("is encrypted with the data key, and its logs with the logs key", () => {
    expect(resourceOf(prod, "aws_docdb_cluster").kms_key_id).toBe(
      ref(prod, "aws_kms_key", "data-key", "arn"),
    );
    expect(resourceOf(prod, "aws_cloudwatch_log_group", "documentdb_audit").kms_key_id).toBe(
      ref(prod, "aws_kms_key", "logs-key", "arn"),
    );
  });

  test.each([
    ["prod", () => prod, () => prodInput()],
    ["dev", () => dev, () => devInput()],
  ])("%s: backups, instances and protection as its config says", (_, stack, input) => {
    const config = input();
    const cluster = resourceOf(stack(), "aws_docdb_cluster");
    expect(cluster.backup_retention_period).toBe(config.documentDb.backupRetentionDays);
    expect(resourcesOf(stack(), "aws_docdb_cluster_instance")).toHaveLength(
      config.documentDb.instanceCount,
    );
    const protectedData = config.protection?.deletionProtection ?? false;
    expect([cluster.deletion_protection, cluster.skip_final_snapshot]).toEqual([
      protectedData,
      !protectedData,
    ]);
    expect(cluster.lifecycle).toEqual({ prevent_destroy: config.protection?.preventDestroy });
  });
});
