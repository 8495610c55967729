import { Construct } from "constructs";
import { arn, type AwsEnv } from "../core/aws-env";
import { ecrRepositoryArn } from "./ecr";
import { TaskRole } from "./task-role";

export { TaskRole, type TaskRoleProps } from "./task-role";

export interface GitanaTaskRolesProps {
  readonly aws: AwsEnv;
  /** Prefix of the role names, e.g. `gitana-prod`. */
  readonly namePrefix: string;
}

/**
 * The guide's two roles, kept apart (the SDK example wrongly uses one for both), and the node
 * role split further so that no container holds more than it uses. Each is
 * `<prefix>-ecsTask<Kind>Role`, construct id `<kind>-role`.
 */
export const TASK_ROLES = {
  /** Used by ECS itself to pull images, write logs and fetch the secrets injected into containers. */
  execution: "ECS agent: pulls Gitana images, writes task logs, reads the tasks' secrets",
  /** The API servers' identity (api, api-worker); Gitana uses it whenever no access keys are configured, always here. */
  node: "Gitana API servers: S3, SNS, OpenSearch and cluster discovery",
  /** The UI server's: it reads its config and consumes the notification queue. */
  ui: "Gitana UI server: its config files and the notification queue",
  /** av and clamav parse untrusted uploads and need no AWS access. */
  antivirus: "Antivirus and ClamAV: no AWS access",
} as const;

export type TaskRoleKind = keyof typeof TASK_ROLES;
/** The roles containers run as (all but the execution role). */
export type ContainerRoleKind = Exclude<TaskRoleKind, "execution">;

/** The env's task roles, made from TASK_ROLES. */
export class GitanaTaskRoles extends Construct {
  readonly executionRole: TaskRole;
  readonly nodeRole: TaskRole;
  readonly uiRole: TaskRole;
  readonly antivirusRole: TaskRole;
  /** The roles containers run as, by kind. */
  readonly containerRoles: Readonly<Record<ContainerRoleKind, TaskRole>>;
  private readonly aws: AwsEnv;

  constructor(scope: Construct, id: string, props: GitanaTaskRolesProps) {
    super(scope, id);
    this.aws = props.aws;
    const roles = {} as Record<TaskRoleKind, TaskRole>;
    for (const [kind, description] of Object.entries(TASK_ROLES) as [TaskRoleKind, string][]) {
      const pascal = kind[0].toUpperCase() + kind.slice(1);
      roles[kind] = new TaskRole(this, `${kind}-role`, {
        aws: props.aws,
        roleName: `${props.namePrefix}-ecsTask${pascal}Role`,
        description,
      });
    }
    const { execution, ...containerRoles } = roles;
    this.executionRole = execution;
    this.containerRoles = containerRoles;
    this.nodeRole = roles.node;
    this.uiRole = roles.ui;
    this.antivirusRole = roles.antivirus;
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
    for (const role of Object.values(this.containerRoles)) {
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

  /** Let ECS write the tasks' container logs into exactly these (existing) log groups. */
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
