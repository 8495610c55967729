import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { arn, type AwsEnv } from "../core/aws-env";
import { LOG_DELIVERY_ACTIONS } from "../core/log-delivery";
import { encryptedLogGroup } from "../core/log-group";
import { serviceTrustPolicy } from "../core/service-trust";
import type { EcsClusterRef } from "./cluster";
import type { GitanaFargateService } from "./fargate-service";

export interface SecretReader {
  readonly service: GitanaFargateService;
  /** Secrets (ARNs, without a JSON key) the service's tasks read at start, to restart it on. */
  readonly secretArns: readonly string[];
}

export interface RestartOnSecretChangeProps {
  readonly aws: AwsEnv;
  /** Prefix of the names, e.g. `gitana-prod`. */
  readonly name: string;
  readonly cluster: EcsClusterRef;
  readonly readers: readonly SecretReader[];
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
}

/**
 * ECS hands a task its secrets once, when it starts. When a secret gets a new current value (a
 * DocumentDB managed rotation every 7 days), the running tasks keep the old one: after a rotation,
 * new database connections fail. So each reader gets an EventBridge rule on Secrets Manager's
 * `Secret Label Updated` event (AWSCURRENT moved to a new version of one of its `secretArns`),
 * which starts a state machine that forces a new deployment of that service. The rollout is the
 * service's own (a new task joins before an old one leaves), so the service stays up. Give only
 * secrets whose change a rolling restart can take.
 */
export class RestartOnSecretChange extends Construct {
  readonly stateMachineArn: string;
  /** The rule of each restarted service, by name (known at synth). */
  readonly rules: readonly { readonly service: string; readonly ruleName: string }[];

  constructor(scope: Construct, id: string, props: RestartOnSecretChangeProps) {
    super(scope, id);
    const { aws, name } = props;
    const stateMachineName = `${name}-restart-on-secret-change`;

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
          {
            sid: "ForceNewDeployment",
            actions: ["ecs:UpdateService"],
            resources: props.readers.map((reader) => reader.service.service.id),
          },
          { sid: "DeliverExecutionLogs", actions: LOG_DELIVERY_ACTIONS, resources: ["*"] },
        ],
      }).json,
    });

    const stateMachine = new SfnStateMachine(this, "state-machine", {
      name: stateMachineName,
      type: "STANDARD",
      roleArn: stateMachineRole.arn,
      definition: JSON.stringify(restartDefinition(aws, props.cluster.clusterArn)),
      loggingConfiguration: {
        logDestination: `${logGroup.arn}:*`,
        level: "ALL",
        // Input and output are a service name and its ECS description: no secret, only the
        // record of which service was restarted when.
        includeExecutionData: true,
      },
      // Without its permissions, creating the state machine fails on the log destination.
      dependsOn: [rolePolicy],
    });
    this.stateMachineArn = stateMachine.arn;

    const ruleName = (serviceName: string) => `${name}-${serviceName}-secret-change`;
    const eventsRole = new IamRole(this, "events-role", {
      name: `${name}-secret-change-events`,
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
        input: JSON.stringify({ service: service.serviceName }),
      });
      return { service: service.serviceName, ruleName: ruleName(service.serviceName) };
    });
  }
}

/** One task: UpdateService with ForceNewDeployment, retried while ECS is busy or throttling. */
function restartDefinition(aws: AwsEnv, clusterArn: string): object {
  return {
    Comment: "Forces a new deployment of one ECS service, so its tasks read current secrets",
    StartAt: "ForceNewDeployment",
    States: {
      ForceNewDeployment: {
        Type: "Task",
        Resource: `arn:${aws.partition}:states:::aws-sdk:ecs:updateService`,
        Parameters: { Cluster: clusterArn, "Service.$": "$.service", ForceNewDeployment: true },
        ResultSelector: {
          "service.$": "$.Service.ServiceName",
          "deployment.$": "$.Service.Deployments[0].Id",
        },
        Retry: [
          { ErrorEquals: ["States.ALL"], IntervalSeconds: 10, MaxAttempts: 5, BackoffRate: 2 },
        ],
        End: true,
      },
    },
  };
}
