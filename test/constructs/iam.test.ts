import { devInput, prodInput } from "../helpers/configs";
import { policyStatements, ref, resourceOf, rolePolicies, synthEnv } from "../helpers/synth";

const prod = synthEnv("prod", prodInput());
const dev = synthEnv("dev", devInput());
const region = "eu-west-1";
const account = "111122223333";

function kmsVia(sid: string, service: string, actions: string[], keyKind: string) {
  return {
    sid,
    actions,
    resources: [ref(prod, "aws_kms_key", `${keyKind}-key`, "arn")],
    condition: [
      {
        test: "StringEquals",
        variable: "kms:ViaService",
        values: [`${service}.${region}.amazonaws.com`],
      },
    ],
  };
}

describe("task roles", () => {
  test.each([
    ["execution-role", "gitana-prod-ecsTaskExecutionRole"],
    ["node-role", "gitana-prod-ecsTaskNodeRole"],
    ["ui-role", "gitana-prod-ecsTaskUiRole"],
    ["antivirus-role", "gitana-prod-ecsTaskAntivirusRole"],
  ])(
    "%s is named per env and assumable only by ECS tasks of this account",
    (fragment, roleName) => {
      const role = resourceOf(prod, "aws_iam_role", fragment);
      expect(role.name).toBe(roleName);
      expect(policyStatements(prod, role.assume_role_policy)).toEqual([
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
            {
              test: "ArnLike",
              variable: "aws:SourceArn",
              values: [`arn:aws:ecs:${region}:${account}:*`],
            },
          ],
        },
      ]);
    },
  );

  test("the node role holds exactly the grants of the data layer", () => {
    expect(Object.keys(rolePolicies(prod, "node-role")).sort()).toEqual([
      "binary-bucket-read-write",
      "cluster-discovery",
      "config-bucket-read",
      "notifications-publish",
      "search-http",
    ]);
  });

  test("the UI role reads its config and consumes the queue, nothing else", () => {
    expect(Object.keys(rolePolicies(prod, "ui-role")).sort()).toEqual([
      "config-bucket-read",
      "notifications-consume",
    ]);
  });

  test("the antivirus role, for code that parses untrusted uploads, has no AWS permission at all", () => {
    expect(rolePolicies(prod, "antivirus-role")).toEqual({});
    expect(Object.keys(rolePolicies(dev, "antivirus-role"))).toEqual(["ecs-exec"]);
  });

  test("ECS Exec permissions are added only where the env asks for them", () => {
    expect(rolePolicies(dev, "node-role")["ecs-exec"]).toEqual([
      {
        sid: "SsmMessageChannelsForEcsExec",
        actions: [
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
        ],
        resources: ["*"],
      },
    ]);
    expect(rolePolicies(prod, "node-role")["ecs-exec"]).toBeUndefined();
  });

  test("config read: list and get under config/ only, decrypt through S3 only", () => {
    const bucket = ref(prod, "aws_s3_bucket", "storage_config", "arn");
    expect(rolePolicies(prod, "node-role")["config-bucket-read"]).toEqual([
      {
        sid: "ListObjects",
        actions: ["s3:ListBucket"],
        resources: [bucket],
        condition: [{ test: "StringLike", variable: "s3:prefix", values: ["config/*"] }],
      },
      { sid: "ReadObjects", actions: ["s3:GetObject"], resources: [`${bucket}/config/*`] },
      kmsVia("UseBucketKeyThroughS3", "s3", ["kms:Decrypt"], "data"),
    ]);
  });

  test("binary read-write: object actions on the binary bucket, encrypt and decrypt through S3", () => {
    const bucket = ref(prod, "aws_s3_bucket", "storage_binaries", "arn");
    expect(rolePolicies(prod, "node-role")["binary-bucket-read-write"]).toEqual([
      { sid: "ListObjects", actions: ["s3:ListBucket"], resources: [bucket] },
      {
        sid: "ReadWriteObjects",
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        resources: [`${bucket}/*`],
      },
      kmsVia("UseBucketKeyThroughS3", "s3", ["kms:Decrypt", "kms:GenerateDataKey"], "data"),
    ]);
  });

  test("publish: the notification topic only, encrypting through SNS", () => {
    expect(rolePolicies(prod, "node-role")["notifications-publish"]).toEqual([
      {
        sid: "PublishToTheNotificationTopic",
        actions: ["sns:Publish"],
        resources: [ref(prod, "aws_sns_topic", "messaging_topic", "arn")],
      },
      kmsVia("UseTopicKeyThroughSns", "sns", ["kms:GenerateDataKey*", "kms:Decrypt"], "messaging"),
    ]);
  });

  test("consume: receive, delete, change visibility and read attributes of the queue, decrypting through SQS", () => {
    expect(rolePolicies(prod, "ui-role")["notifications-consume"]).toEqual([
      {
        sid: "ConsumeTheNotificationQueue",
        actions: [
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:ChangeMessageVisibility",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
        ],
        resources: [ref(prod, "aws_sqs_queue", "messaging_queue_", "arn")],
      },
      kmsVia("UseQueueKeyThroughSqs", "sqs", ["kms:Decrypt"], "messaging"),
    ]);
  });

  test("search: signed HTTP verbs on the Gitana domain only", () => {
    const domain = `arn:aws:es:${region}:${account}:domain/gitana-prod-search`;
    expect(rolePolicies(prod, "node-role")["search-http"]).toEqual([
      {
        sid: "SignedHttpToTheGitanaDomain",
        actions: [
          "es:ESHttpGet",
          "es:ESHttpHead",
          "es:ESHttpPost",
          "es:ESHttpPut",
          "es:ESHttpDelete",
          "es:ESHttpPatch",
        ],
        resources: [domain, `${domain}/*`],
      },
    ]);
  });

  test("cluster discovery: tasks of the env's ECS cluster, and network interfaces (which AWS scopes only to *)", () => {
    expect(rolePolicies(prod, "node-role")["cluster-discovery"]).toEqual([
      {
        sid: "ListTasksOfTheGitanaCluster",
        actions: ["ecs:ListTasks"],
        resources: ["*"],
        condition: [
          {
            test: "ArnEquals",
            variable: "ecs:cluster",
            values: [`arn:aws:ecs:${region}:${account}:cluster/gitana-prod`],
          },
        ],
      },
      {
        sid: "DescribeTasksOfTheGitanaCluster",
        actions: ["ecs:DescribeTasks"],
        resources: [`arn:aws:ecs:${region}:${account}:task/gitana-prod/*`],
      },
      {
        sid: "ReadTaskNetworkInterfaces",
        actions: ["ec2:DescribeNetworkInterfaces"],
        resources: ["*"],
      },
    ]);
  });

  test("the execution role reads exactly the Gitana secrets and the DocumentDB master secret", () => {
    const policies = rolePolicies(prod, "execution-role");
    expect(policies["gitana-secrets-read"]).toEqual([
      {
        sid: "ReadGitanaSecrets",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [
          "root-properties",
          "properties-private-key",
          "license",
          "cluster-group-password",
          "ui-session-secret",
          "antivirus-credentials",
        ].map((s) => ref(prod, "aws_secretsmanager_secret", `secrets_${s}_`, "arn")),
      },
      kmsVia("UseSecretsKeyThroughSecretsManager", "secretsmanager", ["kms:Decrypt"], "secrets"),
    ]);
    expect(policies["documentdb-master-secret-read"]).toEqual([
      {
        sid: "ReadDocumentDbMasterSecret",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [
          `\${aws_docdb_cluster.${Object.keys(prod.resource?.aws_docdb_cluster ?? {})[0]}.master_user_secret[0].secret_arn}`,
        ],
      },
    ]);
  });

  test("no statement of any role allows a wildcard action", () => {
    const statements = [
      ...Object.values(rolePolicies(prod, "node-role")),
      ...Object.values(rolePolicies(dev, "node-role")),
    ].flat();
    const actions = statements.flatMap((s) => s.actions as string[]);
    expect(actions.filter((a) => a === "*" || a.endsWith(":*"))).toEqual([]);
  });
});
