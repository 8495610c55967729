import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { arn, type AwsEnv } from "../core/aws-env";
import { denyAllWhen, WITHOUT_TLS } from "../core/grants";
import type { AlarmSpec } from "./alarm-specs";

export * from "./alarm-specs";

export interface GitanaAlarmsProps {
  readonly aws: AwsEnv;
  /** Prefix of the names, e.g. `gitana-prod`. */
  readonly namePrefix: string;
  /** KMS key of the alarm topic; its policy must let CloudWatch use it (kms cloudWatchAlarmsAccess). */
  readonly kmsKeyArn: string;
  /** Addresses that get every alarm by email (each confirms its subscription once). @default - none */
  readonly emails?: readonly string[];
  readonly alarms: readonly AlarmSpec[];
  /** Notify when an ECS deployment in this cluster fails (circuit breaker). @default - no notice */
  readonly deploymentFailuresOf?: { readonly clusterName: string };
}

/**
 * The env's CloudWatch alarms and the SNS topic they notify, when they fire and when they clear,
 * plus a notice on the same topic when an ECS deployment fails. The topic is KMS-encrypted and
 * accepts publishes only from this env's alarms and that one rule, over TLS. Subscribe your pager
 * or chat to it (output `alarm_topic_arn`), or list addresses in config.
 */
export class GitanaAlarms extends Construct {
  readonly topicArn: string;

  constructor(scope: Construct, id: string, props: GitanaAlarmsProps) {
    super(scope, id);
    const ids = props.alarms.map((a) => a.id);
    const repeated = ids.filter((alarmId, i) => ids.indexOf(alarmId) !== i);
    if (repeated.length > 0) {
      throw new Error(
        `${this.node.path}: alarm ids must be unique; repeated: ${repeated.join(", ")}`,
      );
    }

    const topic = new SnsTopic(this, "topic", {
      name: `${props.namePrefix}-alarms`,
      displayName: `Gitana ${props.namePrefix} alarms`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    this.topicArn = topic.arn;
    const failedDeployments = props.deploymentFailuresOf
      ? this.failedDeploymentRule(
          props.namePrefix,
          props.deploymentFailuresOf.clusterName,
          props.aws,
        )
      : undefined;
    new SnsTopicPolicy(this, "topic-policy", {
      arn: topic.arn,
      policy: new DataAwsIamPolicyDocument(this, "topic-policy-document", {
        statement: [
          {
            sid: "OnlyThisAccountsAlarmsMayPublish",
            actions: ["sns:Publish"],
            resources: [topic.arn],
            principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
            condition: [
              {
                test: "StringEquals",
                variable: "aws:SourceAccount",
                values: [props.aws.accountId],
              },
              // This env's alarms only: another env's alarms in the account notify their own topic.
              {
                test: "ArnLike",
                variable: "aws:SourceArn",
                values: [arn(props.aws, "cloudwatch", `alarm:${props.namePrefix}-*`)],
              },
            ],
          },
          ...(failedDeployments
            ? [
                {
                  sid: "OnlyTheFailedDeploymentRuleMayPublish",
                  actions: ["sns:Publish"],
                  resources: [topic.arn],
                  principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
                  condition: [
                    {
                      test: "ArnEquals",
                      variable: "aws:SourceArn",
                      values: [failedDeployments.ruleArn],
                    },
                  ],
                },
              ]
            : []),
          denyAllWhen("DenyInsecureTransport", "sns", [topic.arn], WITHOUT_TLS),
        ],
      }).json,
    });
    // Keyed by address: removing one leaves the others' confirmed subscriptions alone.
    for (const email of props.emails ?? []) {
      new SnsTopicSubscription(this, `email-${email}`, {
        topicArn: topic.arn,
        protocol: "email",
        endpoint: email,
      });
    }

    if (failedDeployments) {
      new CloudwatchEventTarget(this, "deployment-failed-target", {
        rule: failedDeployments.ruleName,
        arn: topic.arn,
        inputTransformer: {
          inputPaths: { service: "$.resources[0]", reason: "$.detail.reason" },
          inputTemplate: `"${props.namePrefix}: an ECS deployment of <service> failed and was rolled back: <reason>"`,
        },
      });
    }

    for (const spec of props.alarms) {
      new CloudwatchMetricAlarm(this, spec.id, {
        alarmName: `${props.namePrefix}-${spec.id}`,
        alarmDescription: spec.description,
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensions: { ...spec.dimensions },
        statistic: spec.statistic,
        period: spec.periodSeconds,
        evaluationPeriods: spec.evaluationPeriods,
        comparisonOperator: spec.comparison,
        threshold: spec.threshold,
        treatMissingData: spec.missingData,
        alarmActions: [topic.arn],
        okActions: [topic.arn],
      });
    }
  }

  /**
   * ECS's circuit breaker rolls back a deployment whose tasks do not become healthy; the old
   * tasks keep running, so no alarm above sees it. Its event, for the services of this cluster.
   */
  private failedDeploymentRule(name: string, clusterName: string, aws: AwsEnv) {
    const rule = new CloudwatchEventRule(this, "deployment-failed", {
      name: `${name}-ecs-deployment-failed`,
      description: `Notifies the alarm topic when an ECS deployment in ${clusterName} fails`,
      eventPattern: JSON.stringify({
        source: ["aws.ecs"],
        "detail-type": ["ECS Deployment State Change"],
        resources: [{ prefix: arn(aws, "ecs", `service/${clusterName}/`) }],
        detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
      }),
    });
    return { ruleArn: rule.arn, ruleName: rule.name };
  }
}
