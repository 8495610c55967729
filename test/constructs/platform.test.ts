import { devInput, prodInput } from "../helpers/configs";
import { ref, synthEnv } from "../helpers/synth";

const dev = synthEnv("dev", devInput());

describe("GitanaPlatform", () => {
  test("pins the provider to the env's account and region and tags everything", () => {
    expect(dev.provider?.aws).toEqual([
      {
        region: "eu-west-1",
        allowed_account_ids: ["111122223333"],
        default_tags: [
          {
            tags: {
              Project: "gitana",
              Environment: "dev",
              ManagedBy: "cdktf",
              CostCenter: "platform-dev",
            },
          },
        ],
      },
    ]);
  });

  test("keeps state in the shared bucket under the env's own key, locked and KMS-encrypted", () => {
    expect(dev.terraform?.backend).toEqual({
      s3: {
        bucket: "gitana-tfstate-111122223333-eu-west-1",
        key: "gitana/dev/terraform.tfstate",
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: "arn:aws:kms:eu-west-1:111122223333:alias/gitana-tfstate",
        dynamodb_table: "gitana-tfstate-lock",
      },
    });
  });

  test("gives every env a distinct state key", () => {
    expect(synthEnv("prod", prodInput()).terraform?.backend?.s3.key).toBe(
      "gitana/prod/terraform.tfstate",
    );
  });

  test("adds the S3 lock file beside DynamoDB locking when asked", () => {
    const config = devInput();
    config.stateBackend = { ...config.stateBackend, useLockfile: true };
    expect(synthEnv("dev", config).terraform?.backend?.s3).toMatchObject({
      dynamodb_table: "gitana-tfstate-lock",
      use_lockfile: true,
    });
  });

  test("exports every layer under fixed, described output names", () => {
    expect(Object.keys(dev.output ?? {}).sort()).toEqual([
      "access_log_bucket_name",
      "alarm_topic_arn",
      "availability_zones",
      "binary_bucket_name",
      "config_bucket_name",
      "data_kms_key_arn",
      "data_route_table_id",
      "data_subnet_ids",
      "documentdb_endpoint",
      "documentdb_master_secret_arn",
      "documentdb_port",
      "documentdb_reader_endpoint",
      "documentdb_security_group_id",
      "ecs_cluster_arn",
      "ecs_cluster_name",
      "ecs_service_names",
      "flow_log_group_name",
      "load_balancer_arns",
      "load_balancer_dns_names",
      "load_balancer_security_group_ids",
      "load_balancer_zone_ids",
      "logs_kms_key_arn",
      "messaging_kms_key_arn",
      "nat_public_ips",
      "notification_dlq_arn",
      "notification_queue_arn",
      "notification_queue_url",
      "notification_topic_arn",
      "opensearch_domain_arn",
      "opensearch_domain_name",
      "opensearch_endpoint",
      "opensearch_security_group_id",
      "private_route_table_ids",
      "private_subnet_ids",
      "public_route_table_id",
      "public_subnet_ids",
      "secret_arns",
      "secret_restart_state_machine_arn",
      "secrets_kms_key_arn",
      "service_connect_namespace_arn",
      "service_log_groups",
      "service_security_group_ids",
      "task_antivirus_role_arn",
      "task_execution_role_arn",
      "task_node_role_arn",
      "task_ui_role_arn",
      "urls",
      "vpc_cidr",
      "vpc_id",
    ]);
    for (const [name, output] of Object.entries(dev.output ?? {})) {
      expect([name, output.description]).toEqual([name, expect.stringMatching(/\w{3}/)]);
    }
    expect(dev.output?.vpc_id).toEqual({
      value: ref(dev, "aws_vpc", "vpc", "id"),
      description: "ID of the VPC",
    });
    expect(dev.output?.availability_zones.value).toEqual([
      "eu-west-1a",
      "eu-west-1b",
      "eu-west-1c",
    ]);
  });
});
