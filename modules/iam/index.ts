import { Construct } from "constructs";
import { arn, type AwsEnv } from "../core/aws-env";
import { ecrRepositoryArn } from "./ecr";
import { TaskRole } from "./task-role";

export { TaskRole, type TaskRoleProps } from "./task-role";

export interface GitanaTaskRolesProps {
  readonly aws: AwsEnv;
  /** Prefix of the role names, e.g. `gitana-prod`. */
  readonly name: string;
}

/**
 * The guide's two roles, kept apart (the SDK example wrongly uses one for both), and the node
 * role split further so that no container holds more than it uses:
 * - `ecsTaskExecutionRole`: used by ECS itself to pull images, write logs and fetch the secrets
 *   injected into containers;
 * - `ecsTaskNodeRole`: the API servers' identity (api, api-worker), for S3, SNS, OpenSearch and
 *   cluster discovery. Gitana uses it whenever no access keys are configured, always here;
 * - `ecsTaskUiRole`: the UI server's, which reads its config and consumes the notification queue;
 * - `ecsTaskAntivirusRole`: av and clamav, which parse untrusted uploads and need no AWS access.
 */
export class GitanaTaskRoles extends Construct {
  readonly executionRole: TaskRole;
  readonly nodeRole: TaskRole;
  readonly uiRole: TaskRole;
  readonly antivirusRole: TaskRole;
  private readonly aws: AwsEnv;

  constructor(scope: Construct, id: string, props: GitanaTaskRolesProps) {
    super(scope, id);
    this.aws = props.aws;
    this.executionRole = new TaskRole(this, "execution-role", {
      aws: props.aws,
      roleName: `${props.name}-ecsTaskExecutionRole`,
      description: "ECS agent: pulls Gitana images, writes task logs, reads the tasks' secrets",
    });
    this.nodeRole = new TaskRole(this, "node-role", {
      aws: props.aws,
      roleName: `${props.name}-ecsTaskNodeRole`,
      description: "Gitana API servers: S3, SNS, OpenSearch and cluster discovery",
    });
    this.uiRole = new TaskRole(this, "ui-role", {
      aws: props.aws,
      roleName: `${props.name}-ecsTaskUiRole`,
      description: "Gitana UI server: its config files and the notification queue",
    });
    this.antivirusRole = new TaskRole(this, "antivirus-role", {
      aws: props.aws,
      roleName: `${props.name}-ecsTaskAntivirusRole`,
      description: "Antivirus and ClamAV: no AWS access",
    });
  }

  /** The roles containers run as. */
  get containerRoles(): TaskRole[] {
    return [this.nodeRole, this.uiRole, this.antivirusRole];
  }

  /**
   * What the API server's cluster discovery needs on Fargate: list and describe the tasks of its
   * own ECS cluster, and read their network interfaces for the members' private IPs.
   */
  grantClusterDiscovery(clusterName: string): void {
    const clusterArn = arn(this.aws, "ecs", `cluster/${clusterName}`);
    this.nodeRole.addToPolicy("cluster-discovery", [
      {
        sid: "ListTasksOfTheGitanaCluster",
        actions: ["ecs:ListTasks"],
        // ListTasks has no resource type of its own; the cluster condition scopes it.
        resources: ["*"],
        condition: [{ test: "ArnEquals", variable: "ecs:cluster", values: [clusterArn] }],
      },
      {
        sid: "DescribeTasksOfTheGitanaCluster",
        actions: ["ecs:DescribeTasks"],
        resources: [arn(this.aws, "ecs", `task/${clusterName}/*`)],
      },
      {
        sid: "ReadTaskNetworkInterfaces",
        actions: ["ec2:DescribeNetworkInterfaces"],
        // EC2 Describe* actions support no resource-level permissions: AWS allows only "*".
        resources: ["*"],
      },
    ]);
  }

  /** `aws ecs execute-command` into every task: the SSM message channels, which AWS allows only on "*". */
  grantEcsExec(): void {
    for (const role of this.containerRoles) {
      role.addToPolicy("ecs-exec", [
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
  }

  /**
   * Let ECS pull the tasks' images: layer reads on exactly the ECR repositories among `images`
   * (cross-account ones included: Gitana's registry grants your account), and the registry token,
   * which AWS allows only on "*". Images from public registries need nothing.
   */
  grantImagePull(images: readonly string[]): void {
    const repositories = [
      ...new Set(images.map(ecrRepositoryArn).filter((a): a is string => a !== undefined)),
    ].sort();
    if (repositories.length === 0) return;
    this.executionRole.addToPolicy("image-pull", [
      { sid: "RegistryToken", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      {
        sid: "PullTheTaskImages",
        actions: [
          "ecr:BatchCheckLayerAvailability",
          "ecr:GetDownloadUrlForLayer",
          "ecr:BatchGetImage",
        ],
        resources: repositories,
      },
    ]);
  }

  /** Let ECS write the tasks' container logs into exactly these (existing) log groups. */
  /**
   * Read on the secrets holding private-registry credentials (ECS private registry
   * authentication). A secret under a customer managed key also needs kms:Decrypt, which that
   * key's policy grants.
   */
  grantRepositoryCredentialsRead(secretArns: readonly string[]): void {
    const arns = [...new Set(secretArns)].sort();
    if (arns.length === 0) return;
    this.executionRole.addToPolicy("registry-credentials-read", [
      {
        sid: "ReadRegistryCredentials",
        actions: ["secretsmanager:GetSecretValue"],
        resources: arns,
      },
    ]);
  }

  grantTaskLogs(logGroupArns: readonly string[]): void {
    this.executionRole.addToPolicy("task-logs-write", [
      {
        sid: "WriteTaskLogStreams",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: logGroupArns.map((group) => `${group}:log-stream:*`),
      },
    ]);
  }
}
