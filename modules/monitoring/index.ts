import { Construct } from "constructs";
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
  readonly name: string;
  /** KMS key of the alarm topic; its policy must let CloudWatch use it (kms cloudWatchAlarmsAccess). */
  readonly kmsKeyArn: string;
  /** Addresses that get every alarm by email (each confirms its subscription once). @default - none */
  readonly emails?: readonly string[];
  readonly alarms: readonly AlarmSpec[];
}

/**
 * The env's CloudWatch alarms and the SNS topic they notify, when they fire and when they clear.
 * The topic is KMS-encrypted and accepts publishes only from this account's alarms, over TLS.
 * Subscribe your pager or chat to it (output `alarm_topic_arn`), or list addresses in config.
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
      name: `${props.name}-alarms`,
      displayName: `Gitana ${props.name} alarms`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    this.topicArn = topic.arn;
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
                values: [arn(props.aws, "cloudwatch", `alarm:${props.name}-*`)],
              },
            ],
          },
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

    for (const spec of props.alarms) {
      new CloudwatchMetricAlarm(this, spec.id, {
        alarmName: `${props.name}-${spec.id}`,
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
}
