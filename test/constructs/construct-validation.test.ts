import { Testing, TerraformStack } from "cdktf";
import { awsEnv } from "../../constructs/core/aws-env";
import { EncryptionKey } from "../../constructs/kms";
import { fargateSizeProblem } from "../../facts/fargate";
import { ecrRepositoryArn } from "../../constructs/iam/ecr";
import { GitanaFargateService } from "../../constructs/ecs/fargate-service";
import { GitanaLoadBalancer } from "../../constructs/loadbalancing";
import { GitanaNetwork } from "../../constructs/network";
import { SecureBucket } from "../../constructs/storage/secure-bucket";

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
          namePrefix: "gitana-dev",
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

describe("compute construct prop validation", () => {
  test("GitanaLoadBalancer rejects a name over ELB's 32 characters", () => {
    const loadBalancer = (name: string) =>
      new GitanaLoadBalancer(stack(), "lb", {
        name,
        vpcId: "vpc-1",
        subnetIds: ["subnet-1"],
        internetFacing: true,
        allowedCidrs: ["0.0.0.0/0"],
        targetPort: 8080,
        healthCheckPath: "/ping",
        accessLogs: {
          bucketName: "logs",
          prefix: "alb",
          bucketPolicy: { fqn: "aws_s3_bucket_policy.logs" },
        },
        deletionProtection: true,
      });
    expect(() => loadBalancer("gitana-content-platform-prod-api")).not.toThrow();
    expect(() => loadBalancer("gitana-content-platform-prod-apis")).toThrow(
      'test/lb: name "gitana-content-platform-prod-apis" is 33 characters; load balancer and target group names allow 32',
    );
  });

  test("GitanaFargateService refuses a scaling range whose minimum exceeds its maximum", () => {
    // Validation runs before anything is built, so the roles and container are never read.
    const service = (minCount: number, maxCount: number) =>
      new GitanaFargateService(stack(), "svc", {
        aws,
        namePrefix: "gitana-dev",
        serviceName: "ui",
        cluster: undefined as never,
        vpcId: "vpc-1",
        subnetIds: ["subnet-1"],
        cpu: 512,
        memory: 1024,
        cpuArchitecture: "ARM64",
        executionRole: undefined as never,
        taskRole: undefined as never,
        container: undefined as never,
        scaling: { minCount, maxCount, targetCpuPercent: 60 },
        logRetentionDays: 30,
        logsKmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/k",
      });
    expect(() => service(3, 2)).toThrow(
      "test/svc: scaling.minCount 3 must not exceed maxCount (2)",
    );
  });

  test("fargateSizeProblem accepts Fargate's pairs and names the allowed range otherwise", () => {
    expect(fargateSizeProblem(256, 512)).toBeUndefined();
    expect(fargateSizeProblem(4096, 30720)).toBeUndefined();
    expect(fargateSizeProblem(8192, 20480)).toBeUndefined();
    expect(fargateSizeProblem(256, 4096)).toBe(
      "memory 4096 does not go with cpu 256; Fargate allows 512, 1024 or 2048",
    );
    expect(fargateSizeProblem(8192, 18432)).toBe(
      "memory 18432 does not go with cpu 8192; Fargate allows 16384 to 61440 in steps of 4096",
    );
  });

  test("ecrRepositoryArn recognises private ECR images only", () => {
    expect(
      ecrRepositoryArn("444455556666.dkr.ecr.eu-west-1.amazonaws.com/cloudcms/api-server:3.2.84"),
    ).toBe("arn:aws:ecr:eu-west-1:444455556666:repository/cloudcms/api-server");
    expect(ecrRepositoryArn("444455556666.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:abc")).toBe(
      "arn:aws:ecr:eu-west-1:444455556666:repository/app",
    );
    expect(ecrRepositoryArn("public.ecr.aws/aws-cli/aws-cli:2.22.35")).toBeUndefined();
    expect(ecrRepositoryArn("clamav/clamav:1.4.2")).toBeUndefined();
  });
});
