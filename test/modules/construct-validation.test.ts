import { Testing, TerraformStack } from "cdktf";
import { awsEnv } from "../../modules/core/aws-env";
import { EncryptionKey } from "../../modules/kms";
import { GitanaNetwork } from "../../modules/network";
import { SecureBucket } from "../../modules/storage/secure-bucket";

// Constructs are usable on their own (outside GitanaPlatform), so each checks its props too.
const aws = awsEnv("111122223333", "eu-west-1");
const stack = () => new TerraformStack(Testing.app(), "test");

describe("construct prop validation", () => {
  test("EncryptionKey rejects a deletion window KMS does not allow", () => {
    expect(
      () =>
        new EncryptionKey(stack(), "key", {
          aws,
          alias: "k",
          description: "d",
          deletionWindowInDays: 3,
        }),
    ).toThrow("test/key: deletionWindowInDays 3 is not allowed; KMS accepts 7 to 30 days");
  });

  test("SecureBucket rejects an invalid bucket name", () => {
    expect(
      () =>
        new SecureBucket(stack(), "bucket", {
          aws,
          bucketName: "Gitana_Binaries",
          purpose: "binary",
          kmsKeyArn: "k",
        }),
    ).toThrow('test/bucket: bucketName "Gitana_Binaries" is not a valid S3 bucket name');
  });

  test("SecureBucket refuses SSE-S3 unless the bucket receives server access logs", () => {
    expect(
      () =>
        new SecureBucket(stack(), "bucket", {
          aws,
          bucketName: "gitana-binaries",
          purpose: "binary",
        }),
    ).toThrow("test/bucket: kmsKeyArn is required; only a server-access-log bucket may use SSE-S3");
  });

  test("GitanaNetwork requires exactly three AZs", () => {
    expect(
      () =>
        new GitanaNetwork(stack(), "network", {
          aws,
          name: "gitana-dev",
          availabilityZones: ["eu-west-1a", "eu-west-1b"],
          vpcCidr: "10.0.0.0/16",
          natStrategy: "single",
          flowLogRetentionDays: 30,
          logsKmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/x",
        }),
    ).toThrow(
      "test/network: availabilityZones must hold exactly three zones, got 2: eu-west-1a, eu-west-1b",
    );
  });
});
