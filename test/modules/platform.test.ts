import { devInput, prodInput } from "../helpers/configs";
import { policyStatements, ref, resourceOf, synthEnv } from "../helpers/synth";

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

  test("encrypts logs with a rotated key that only this account's CloudWatch Logs may use", () => {
    expect(resourceOf(dev, "aws_kms_key", "logs-key")).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      description: "Encrypts the CloudWatch log groups of gitana-dev",
    });
    expect(resourceOf(dev, "aws_kms_alias", "logs-key")).toMatchObject({
      name: "alias/gitana-dev-logs",
      target_key_id: ref(dev, "aws_kms_key", "logs-key", "key_id"),
    });
    const statements = policyStatements(dev, resourceOf(dev, "aws_kms_key", "logs-key").policy);
    expect(statements).toEqual([
      {
        sid: "EnableIamPoliciesOfThisAccount",
        actions: ["kms:*"],
        resources: ["*"],
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }],
      },
      {
        sid: "AllowCloudWatchLogsOfThisAccountAndRegion",
        actions: [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ],
        resources: ["*"],
        principals: [{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }],
        condition: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: ["arn:aws:logs:eu-west-1:111122223333:log-group:*"],
          },
        ],
      },
    ]);
  });

  test("exports the network under fixed, described output names", () => {
    expect(Object.keys(dev.output ?? {}).sort()).toEqual([
      "availability_zones",
      "data_route_table_id",
      "data_subnet_ids",
      "flow_log_group_name",
      "logs_kms_key_arn",
      "nat_public_ips",
      "private_route_table_ids",
      "private_subnet_ids",
      "public_route_table_id",
      "public_subnet_ids",
      "vpc_cidr",
      "vpc_id",
    ]);
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
