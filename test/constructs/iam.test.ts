import { GitanaTaskRoles, type GitanaTaskRolesProps } from "../../constructs/iam";
import { AWS, bareStack, synthStack } from "../helpers/bare-stack";
import { devInput, prodInput } from "../helpers/configs";
import {
  policyStatements,
  ref,
  resourceOf,
  resourcesOf,
  rolePolicies,
  synthEnv,
  type StackJson,
} from "../helpers/synth";

const { accountId: account, region } = AWS;

/** GitanaTaskRoles alone on a bare stack, after `grant` (if any) ran on it. */
function rolesStack(
  grant: (roles: GitanaTaskRoles) => void = () => undefined,
  props: Partial<GitanaTaskRolesProps> = {},
): StackJson {
  const stack = bareStack();
  grant(new GitanaTaskRoles(stack, "roles", { aws: AWS, namePrefix: "gitana-test", ...props }));
  return synthStack(stack);
}

describe("GitanaTaskRoles", () => {
  const bare = rolesStack();

  test.each([
    ["execution-role", "gitana-test-ecsTaskExecutionRole"],
    ["node-role", "gitana-test-ecsTaskNodeRole"],
    ["ui-role", "gitana-test-ecsTaskUiRole"],
    ["antivirus-role", "gitana-test-ecsTaskAntivirusRole"],
  ])("%s is named <prefix>-ecsTask<Kind>Role", (fragment, roleName) => {
    expect(resourceOf(bare, "aws_iam_role", fragment).name).toBe(roleName);
  });

  test.each(["execution-role", "node-role", "ui-role", "antivirus-role"])(
    "%s is assumable only by ECS tasks of this account, in this region",
    (fragment) => {
      const role = resourceOf(bare, "aws_iam_role", fragment);
      expect(policyStatements(bare, role.assume_role_policy)).toEqual([
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

  test("the roles start with no permission at all", () => {
    expect(resourcesOf(bare, "aws_iam_role_policy")).toEqual([]);
  });

  test("ECS Exec gives every container role, not the execution role, the SSM message channels", () => {
    const stack = rolesStack((roles) => roles.grantEcsExec());
    for (const fragment of ["node-role", "ui-role", "antivirus-role"]) {
      expect(rolePolicies(stack, fragment)["ecs-exec"]).toEqual([
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
    }
    expect(rolePolicies(stack, "execution-role")).toEqual({});
  });

  test("cluster discovery: the node role lists and describes tasks of the named ECS cluster, and reads network interfaces (which AWS scopes only to *)", () => {
    const stack = rolesStack((roles) => roles.grantClusterDiscovery("gitana-test"));
    expect(rolePolicies(stack, "node-role")["cluster-discovery"]).toEqual([
      {
        sid: "ListTasksOfTheGitanaCluster",
        actions: ["ecs:ListTasks"],
        resources: ["*"],
        condition: [
          {
            test: "ArnEquals",
            variable: "ecs:cluster",
            values: [`arn:aws:ecs:${region}:${account}:cluster/gitana-test`],
          },
        ],
      },
      {
        sid: "DescribeTasksOfTheGitanaCluster",
        actions: ["ecs:DescribeTasks"],
        resources: [`arn:aws:ecs:${region}:${account}:task/gitana-test/*`],
      },
      {
        sid: "ReadTaskNetworkInterfaces",
        actions: ["ec2:DescribeNetworkInterfaces"],
        resources: ["*"],
      },
    ]);
  });
});

describe("TaskRole", () => {
  test("refuses a role name IAM would reject, naming it and the limit", () => {
    const longName = `gitana-${"x".repeat(60)}`;
    expect(() => rolesStack(undefined, { namePrefix: longName })).toThrow(
      `roleName "${longName}-ecsTaskExecutionRole" is 88 characters; IAM allows 64`,
    );
  });

  test("refuses a second policy under a name already attached", () => {
    expect(() =>
      rolesStack((roles) => {
        roles.grantClusterDiscovery("a");
        roles.grantClusterDiscovery("b");
      }),
    ).toThrow('a policy named "cluster-discovery" is already attached');
  });
});

/** What only an env shows: which grants of its layers each role holds, on the env's resources. */
describe("an env's task roles", () => {
  const prodConfig = prodInput();
  const devConfig = devInput();
  const prod = synthEnv("prod", prodConfig);
  const dev = synthEnv("dev", devConfig);
  const prodName = `${prodConfig.namePrefix}-prod`;

  function kmsVia(sid: string, service: string, actions: string[], keyKind: string) {
    return {
      sid,
      actions,
      resources: [ref(prod, "aws_kms_key", `${keyKind}-key`, "arn")],
      condition: [
        {
          test: "StringEquals",
          variable: "kms:ViaService",
          values: [`${service}.${prodConfig.region}.amazonaws.com`],
        },
      ],
    };
  }

  test("are named after the env", () => {
    expect(resourceOf(prod, "aws_iam_role", "node-role").name).toBe(`${prodName}-ecsTaskNodeRole`);
  });

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

  test("the antivirus role, for code that parses untrusted uploads, has no AWS permission beyond ECS Exec", () => {
    expect(rolePolicies(prod, "antivirus-role")).toEqual({});
    expect(Object.keys(rolePolicies(dev, "antivirus-role"))).toEqual(["ecs-exec"]);
  });

  test.each([
    ["prod", prod, prodConfig],
    ["dev", dev, devConfig],
  ])(
    "%s: ECS Exec permissions are there only if its config asks for them",
    (_env, stack, config) => {
      expect("ecs-exec" in rolePolicies(stack, "node-role")).toBe(config.iam?.ecsExec === true);
    },
  );

  test("cluster discovery is scoped to the env's ECS cluster", () => {
    const [list, describeTasks] = rolePolicies(prod, "node-role")["cluster-discovery"];
    const clusterName = resourceOf(prod, "aws_ecs_cluster").name as string;
    expect(clusterName).toBe(prodName);
    expect(list.condition).toEqual([
      expect.objectContaining({
        values: [`arn:aws:ecs:${prodConfig.region}:${prodConfig.accountId}:cluster/${clusterName}`],
      }),
    ]);
    expect(describeTasks.resources).toEqual([
      `arn:aws:ecs:${prodConfig.region}:${prodConfig.accountId}:task/${clusterName}/*`,
    ]);
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
    const domain = `arn:aws:es:${prodConfig.region}:${prodConfig.accountId}:domain/${prodName}-search`;
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
