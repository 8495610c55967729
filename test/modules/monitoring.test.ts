import { TerraformStack, Testing } from "cdktf";
import { awsEnv } from "../../modules/core/aws-env";
import { GitanaAlarms, serviceAlarms } from "../../modules/monitoring";
import { devInput, prodInput } from "../helpers/configs";
import {
  policyStatements,
  ref,
  resourceOf,
  resourcesOf,
  synthEnv,
  type StackJson,
} from "../helpers/synth";

const prod = synthEnv("prod", prodInput());
const dev = synthEnv("dev", devInput());

const alarms = (stack: StackJson) =>
  Object.fromEntries(
    resourcesOf(stack, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name as string, a]),
  );
const alarm = (stack: StackJson, name: string) => {
  const found = alarms(stack)[name];
  if (!found) throw new Error(`no alarm ${name}`);
  return found;
};
const topic = () => ref(prod, "aws_sns_topic", "alarms_topic", "arn");

describe("alarms", () => {
  test("prod watches its load balancers, services, data stores, dead letters and secret restarts", () => {
    expect(Object.keys(alarms(prod)).sort()).toEqual(
      [
        ...["api", "ui", "av"].flatMap((s) => [`${s}-lb-5xx`, `${s}-unhealthy-targets`]),
        ...["api", "api-worker", "ui", "av", "clamav"].map((s) => `${s}-running-tasks`),
        "documentdb-cpu",
        "opensearch-red",
        "opensearch-yellow",
        "opensearch-writes-blocked",
        "opensearch-jvm-memory-pressure",
        "opensearch-free-storage",
        "notifications-dead-letters",
        "secret-restart-failed",
        ...["api", "api-worker", "av"].map((s) => `${s}-secret-restart-not-started`),
      ]
        .map((id) => `gitana-prod-${id}`)
        .sort(),
    );
  });

  test("every alarm notifies the alarm topic when it fires and when it clears", () => {
    for (const a of Object.values(alarms(prod))) {
      expect(a).toMatchObject({ alarm_actions: [topic()], ok_actions: [topic()] });
    }
  });

  test("a load balancer alarm watches its own load balancer and target group", () => {
    const lb = (attribute: string) => ref(prod, "aws_lb", "compute_ui-lb_load-balancer", attribute);
    const targetGroup = ref(
      prod,
      "aws_lb_target_group",
      "compute_ui-lb_target-group",
      "arn_suffix",
    );
    expect(alarm(prod, "gitana-prod-ui-lb-5xx")).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metric_name: "HTTPCode_ELB_5XX_Count",
      dimensions: { LoadBalancer: lb("arn_suffix") },
      statistic: "Sum",
      period: 300,
      threshold: 10,
      treat_missing_data: "notBreaching",
    });
    expect(alarm(prod, "gitana-prod-ui-unhealthy-targets")).toMatchObject({
      metric_name: "UnHealthyHostCount",
      dimensions: { LoadBalancer: lb("arn_suffix"), TargetGroup: targetGroup },
      evaluation_periods: 3,
      threshold: 1,
    });
  });

  test.each([
    ["api", 3],
    ["api-worker", 2],
    ["ui", 2],
    ["av", 2],
    ["clamav", 2],
  ])("%s alarms when fewer than its floor of %i tasks run for 5 minutes", (service, floor) => {
    expect(alarm(prod, `gitana-prod-${service}-running-tasks`)).toMatchObject({
      namespace: "ECS/ContainerInsights",
      metric_name: "RunningTaskCount",
      dimensions: { ClusterName: "gitana-prod", ServiceName: service },
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: floor,
      evaluation_periods: 5,
    });
  });

  test("a service set to 0 tasks has no running-task alarm", () => {
    const input = devInput();
    input.compute.services.clamav = { ...input.compute.services.clamav, desiredCount: 0 };
    expect(alarms(synthEnv("dev", input))["gitana-dev-clamav-running-tasks"]).toBeUndefined();
  });

  test("OpenSearch alarms at a fifth of each node's volume free, in MiB", () => {
    expect(alarm(prod, "gitana-prod-opensearch-free-storage")).toMatchObject({
      namespace: "AWS/ES",
      metric_name: "FreeStorageSpace",
      dimensions: { DomainName: "gitana-prod-search", ClientId: "111122223333" },
      statistic: "Minimum",
      comparison_operator: "LessThanOrEqualToThreshold",
      threshold: 200 * 1024 * 0.2,
    });
  });

  test("a single-node domain (dev) has no yellow alarm: its replicas never allocate", () => {
    expect(alarms(dev)["gitana-dev-opensearch-yellow"]).toBeUndefined();
    expect(alarms(dev)["gitana-dev-opensearch-red"]).toBeDefined();
  });

  test("DocumentDB alarms on 15 minutes of 80 % CPU across the cluster", () => {
    expect(alarm(prod, "gitana-prod-documentdb-cpu")).toMatchObject({
      namespace: "AWS/DocDB",
      metric_name: "CPUUtilization",
      dimensions: { DBClusterIdentifier: "gitana-prod-docdb" },
      statistic: "Average",
      period: 300,
      evaluation_periods: 3,
      threshold: 80,
    });
  });

  test("a failed restart after a secret change alarms, from the state machine or the rule", () => {
    expect(alarm(prod, "gitana-prod-secret-restart-failed")).toMatchObject({
      namespace: "AWS/States",
      metric_name: "ExecutionsFailed",
      dimensions: {
        StateMachineArn: ref(prod, "aws_sfn_state_machine", "restart-on-secret-change", "arn"),
      },
    });
    expect(alarm(prod, "gitana-prod-api-worker-secret-restart-not-started")).toMatchObject({
      namespace: "AWS/Events",
      metric_name: "FailedInvocations",
      dimensions: { RuleName: "gitana-prod-api-worker-secret-change" },
    });
  });

  test("a notification in the dead-letter queue alarms", () => {
    expect(alarm(prod, "gitana-prod-notifications-dead-letters")).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: {
        QueueName: ref(prod, "aws_sqs_queue", "messaging_dead-letter-queue", "name"),
      },
      threshold: 1,
    });
  });
});

describe("alarm topic", () => {
  test("is encrypted with the messaging key, whose policy lets this account's alarms use it", () => {
    expect(resourceOf(prod, "aws_sns_topic", "alarms_topic")).toMatchObject({
      name: "gitana-prod-alarms",
      kms_master_key_id: ref(prod, "aws_kms_key", "messaging-key", "arn"),
    });
  });

  test("accepts publishes only from CloudWatch alarms of this account, and only over TLS", () => {
    const policy = resourceOf(prod, "aws_sns_topic_policy", "alarms");
    expect(policyStatements(prod, policy.policy)).toEqual([
      {
        sid: "OnlyThisAccountsAlarmsMayPublish",
        actions: ["sns:Publish"],
        resources: [topic()],
        principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
          {
            test: "ArnLike",
            variable: "aws:SourceArn",
            values: ["arn:aws:cloudwatch:eu-west-1:111122223333:alarm:*"],
          },
        ],
      },
      expect.objectContaining({ sid: "DenyInsecureTransport", effect: "Deny" }),
    ]);
  });

  test("has no subscriber unless config lists email addresses", () => {
    const emailSubscriptions = (stack: StackJson) =>
      resourcesOf(stack, "aws_sns_topic_subscription")
        .map(([, s]) => s)
        .filter((s) => s.protocol === "email");
    expect(emailSubscriptions(prod)).toEqual([]);
    const withEmails = synthEnv("prod", {
      ...prodInput(),
      alarms: { emails: ["ops@example.com"] },
    });
    expect(emailSubscriptions(withEmails)).toEqual([
      {
        topic_arn: ref(withEmails, "aws_sns_topic", "alarms_topic", "arn"),
        protocol: "email",
        endpoint: "ops@example.com",
      },
    ]);
  });

  test("refuses two alarms with the same id, naming it", () => {
    const spec = serviceAlarms({ clusterName: "c", serviceName: "api", minimumRunning: 1 })[0];
    const stack = new TerraformStack(Testing.app(), "test");
    expect(
      () =>
        new GitanaAlarms(stack, "alarms", {
          aws: awsEnv("111122223333", "eu-west-1"),
          name: "gitana-test",
          kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/test",
          alarms: [spec, spec],
        }),
    ).toThrow("test/alarms: alarm ids must be unique; repeated: api-running-tasks");
  });
});
