import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { arn, type AwsEnv } from "../core/aws-env";
import { LOG_DELIVERY_ACTIONS } from "../../facts/log-delivery";
import { encryptedLogGroup } from "../core/log-group";
import { serviceTrustPolicy } from "../core/service-trust";
import type { EcsClusterRef } from "./cluster";

/** A service the state machine acts on: its name in the cluster, and its ECS service (`id` is its ARN). A GitanaFargateService is one. */
export interface RestartableService {
  readonly serviceName: string;
  readonly service: { readonly id: string };
}

export interface SecretReader {
  readonly service: RestartableService;
  /** Secrets (ARNs, without a JSON key) the service's tasks read at start, to act on when they change. */
  readonly secretArns: readonly string[];
}

export interface RestartOnSecretChangeProps {
  readonly aws: AwsEnv;
  /** Prefix of the names, e.g. `gitana-prod`. */
  readonly namePrefix: string;
  readonly cluster: EcsClusterRef;
  readonly readers: readonly SecretReader[];
  /**
   * The secrets whose new value a rolling restart can take (a rotated database password): a new
   * value rolls every reader. A new value of any other secret only starts a reader that has no
   * running task (see the class).
   * @default - none: no secret rolls a running service
   */
  readonly rollingRestartSecretArns?: readonly string[];
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
}

/**
 * ECS hands a task its secrets once, when it starts. So each reader gets an EventBridge rule on
 * Secrets Manager's `Secret Label Updated` event (AWSCURRENT attached to a new version of one of
 * its `secretArns`), which starts a state machine that acts on that service, by the secret:
 *
 * - a rolling-restart secret (`rollingRestartSecretArns`, e.g. the DocumentDB master secret that
 *   AWS rotates every 7 days) forces a new deployment: the service's own rollout (a new task
 *   joins before an old one leaves) keeps it up, and every task gets the new value;
 * - any other secret (the Gitana secrets an operator puts: root properties, their key, the
 *   licence, the cluster group password) forces a new deployment only when the service runs no
 *   task. Running API servers are never rolled onto a new cluster password or new root properties
 *   (they would split the cluster): those changes stay the operator's coordinated restart. A
 *   service with no running task is the first deploy: the secrets were empty, its tasks could not
 *   start, and the deployment circuit breaker stopped launching them. Starting it cannot split
 *   anything a task launched by ECS itself would not: every new task reads the current values.
 *
 * The first value of a secret fires the rule too: PutSecretValue attaches AWSCURRENT to the
 * first version it creates (Secrets Manager API Reference, PutSecretValue:
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html), and
 * Secrets Manager sends `Secret Label Updated` whenever a staging label other than AWSPENDING or
 * AWSPREVIOUS changes (User Guide, "Secret event notifications" and "Secret Label Updated event":
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/secret-event-notifications.html,
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/event-detail-secret-label-updated-secretsmanager.html).
 * So after the operator's last put of the first deploy, every reader starts (docs/first-deploy.md).
 */
export class RestartOnSecretChange extends Construct {
  readonly stateMachineArn: string;
  /** The rule of each reader, by service name (known at synth). */
  readonly rules: readonly { readonly service: string; readonly ruleName: string }[];

  constructor(scope: Construct, id: string, props: RestartOnSecretChangeProps) {
    super(scope, id);
    const { aws, namePrefix } = props;
    validateReaders(this.node.path, props.readers);
    const stateMachineName = `${namePrefix}-restart-on-secret-change`;
    const serviceArns = props.readers.map((reader) => reader.service.service.id);

    const logGroup = encryptedLogGroup(this, "log-group", {
      // The prefix AWS recommends for vended logs: it keeps the log resource policy small.
      name: `/aws/vendedlogs/states/${stateMachineName}`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.logsKmsKeyArn,
    });

    const stateMachineRole = new IamRole(this, "state-machine-role", {
      name: stateMachineName,
      description: "Lets the state machine force new deployments of the services that read secrets",
      assumeRolePolicy: serviceTrustPolicy(
        this,
        "state-machine-trust",
        aws,
        "states.amazonaws.com",
        arn(aws, "states", `stateMachine:${stateMachineName}`),
      ),
    });
    const rolePolicy = new IamRolePolicy(this, "state-machine-policy", {
      name: "restart-secret-readers",
      role: stateMachineRole.id,
      policy: new DataAwsIamPolicyDocument(this, "state-machine-permissions", {
        statement: [
          { sid: "CountRunningTasks", actions: ["ecs:DescribeServices"], resources: serviceArns },
          { sid: "ForceNewDeployment", actions: ["ecs:UpdateService"], resources: serviceArns },
          { sid: "DeliverExecutionLogs", actions: LOG_DELIVERY_ACTIONS, resources: ["*"] },
        ],
      }).json,
    });

    const stateMachine = new SfnStateMachine(this, "state-machine", {
      name: stateMachineName,
      type: "STANDARD",
      roleArn: stateMachineRole.arn,
      definition: JSON.stringify(
        restartDefinition(aws, props.cluster.clusterArn, props.rollingRestartSecretArns ?? []),
      ),
      loggingConfiguration: {
        logDestination: `${logGroup.arn}:*`,
        level: "ALL",
        // Input and output are a service name, a secret's ARN and a task count: no secret value,
        // only the record of which service was restarted, or left running, when and why.
        includeExecutionData: true,
      },
      // Without its permissions, creating the state machine fails on the log destination.
      dependsOn: [rolePolicy],
    });
    this.stateMachineArn = stateMachine.arn;

    const ruleName = (serviceName: string) => `${namePrefix}-${serviceName}-secret-change`;
    const eventsRole = new IamRole(this, "events-role", {
      name: `${namePrefix}-secret-change-events`,
      description: "Lets EventBridge start the restart state machine",
      assumeRolePolicy: serviceTrustPolicy(
        this,
        "events-trust",
        aws,
        "events.amazonaws.com",
        arn(aws, "events", `rule/${ruleName("*")}`),
      ),
    });
    new IamRolePolicy(this, "events-policy", {
      name: "start-restart-state-machine",
      role: eventsRole.id,
      policy: new DataAwsIamPolicyDocument(this, "events-permissions", {
        statement: [
          {
            sid: "StartRestart",
            actions: ["states:StartExecution"],
            resources: [stateMachine.arn],
          },
        ],
      }).json,
    });

    this.rules = props.readers.map(({ service, secretArns }) => {
      const rule = new CloudwatchEventRule(this, `${service.serviceName}-rule`, {
        name: ruleName(service.serviceName),
        description: `Restarts ${service.serviceName} when a secret it reads gets a new current value`,
        eventPattern: JSON.stringify({
          source: ["aws.secretsmanager"],
          "detail-type": ["Secret Label Updated"],
          resources: secretArns,
          detail: { labelUpdated: ["AWSCURRENT"] },
        }),
      });
      new CloudwatchEventTarget(this, `${service.serviceName}-target`, {
        rule: rule.name,
        arn: stateMachine.arn,
        roleArn: eventsRole.arn,
        // The service is the rule's; the secret is the event's (its only resource), so the state
        // machine can tell a rolling-restart secret from one that must not roll running tasks.
        // The placeholder is quoted, as EventBridge asks for a string value ("Amazon EventBridge
        // input transformation": https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
        inputTransformer: {
          inputPaths: { secret: "$.resources[0]" },
          inputTemplate: JSON.stringify({ service: service.serviceName, secret: "<secret>" }),
        },
      });
      return { service: service.serviceName, ruleName: ruleName(service.serviceName) };
    });
  }
}

function validateReaders(path: string, readers: readonly SecretReader[]): void {
  const seen = new Set<string>();
  for (const [i, { service, secretArns }] of readers.entries()) {
    if (secretArns.length === 0) {
      throw new Error(
        `${path}: readers[${i}] (${service.serviceName}) has no secretArns; give the secrets its tasks read, or leave the service out`,
      );
    }
    if (seen.has(service.serviceName)) {
      throw new Error(
        `${path}: readers[${i}] repeats service "${service.serviceName}"; list each service once, with all the secrets it reads`,
      );
    }
    seen.add(service.serviceName);
  }
}

/**
 * Input `{service, secret}`. A rolling-restart secret goes straight to ForceNewDeployment; any
 * other secret first counts the service's running tasks, and only none leads there.
 */
function restartDefinition(
  aws: AwsEnv,
  clusterArn: string,
  rollingRestartSecretArns: readonly string[],
): object {
  const ecs = (api: string) => `arn:${aws.partition}:states:::aws-sdk:ecs:${api}`;
  // ECS busy with the service, or throttling: try again.
  const retry = [
    { ErrorEquals: ["States.ALL"], IntervalSeconds: 10, MaxAttempts: 5, BackoffRate: 2 },
  ];
  const countFirst = {
    CountRunningTasks: {
      Type: "Task",
      Comment: "A secret a running service must not be rolled onto: act only if no task runs",
      Resource: ecs("describeServices"),
      Parameters: { Cluster: clusterArn, "Services.$": "States.Array($.service)" },
      ResultSelector: { "running.$": "$.Services[0].RunningCount" },
      ResultPath: "$.tasks",
      Retry: retry,
      Next: "NoTaskRuns",
    },
    NoTaskRuns: {
      Type: "Choice",
      Choices: [{ Variable: "$.tasks.running", NumericEquals: 0, Next: "ForceNewDeployment" }],
      Default: "LeaveRunningTasks",
    },
    LeaveRunningTasks: {
      Type: "Succeed",
      Comment: "Tasks run on the old value: changing it is the operator's coordinated restart",
    },
  };
  const bySecret = rollingRestartSecretArns.length
    ? {
        RollingRestartSecret: {
          Type: "Choice",
          Choices: rollingRestartSecretArns.map((secret) => ({
            Variable: "$.secret",
            StringEquals: secret,
            Next: "ForceNewDeployment",
          })),
          Default: "CountRunningTasks",
        },
      }
    : {};
  return {
    Comment:
      "Forces a new deployment of one ECS service so its tasks read current secrets: always for a rolling-restart secret, otherwise only when none of its tasks runs",
    StartAt: rollingRestartSecretArns.length ? "RollingRestartSecret" : "CountRunningTasks",
    States: {
      ...bySecret,
      ...countFirst,
      ForceNewDeployment: {
        Type: "Task",
        Resource: ecs("updateService"),
        Parameters: { Cluster: clusterArn, "Service.$": "$.service", ForceNewDeployment: true },
        ResultSelector: {
          "service.$": "$.Service.ServiceName",
          "deployment.$": "$.Service.Deployments[0].Id",
        },
        Retry: retry,
        End: true,
      },
    },
  };
}
