import { TerraformStack, Testing } from "cdktf";
import { awsEnv } from "../../modules/core/aws-env";
import { GitanaAlarms, serviceAlarms, sessionStoreAlarms } from "../../modules/monitoring";
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
  test("prod watches its load balancers, services, data stores, notifications and secret restarts", () => {
    expect(Object.keys(alarms(prod)).sort()).toEqual(
      [
        ...["api", "ui"].flatMap((s) => [`${s}-lb-5xx`, `${s}-target-5xx`, `${s}-healthy-targets`]),
        ...["api", "api-worker", "ui", "av", "clamav"].map((s) => `${s}-running-tasks`),
        "documentdb-writer-cpu",
        ...[
          "red",
          "yellow",
          "writes-blocked",
          "free-storage",
          "cpu",
          "jvm-memory-pressure",
          "old-gen-jvm-memory-pressure",
          "kms-key-inaccessible",
          "snapshot-failed",
        ].map((id) => `opensearch-${id}`),
        ...["001", "002"].flatMap((node) =>
          ["engine-cpu", "memory", "evictions", "replication-lag"].map(
            (id) => `session-store-${node}-${id}`,
          ),
        ),
        "notifications-stalled",
        "notifications-dead-letters",
        "secret-restart-failed",
        ...["api", "api-worker", "ui", "av"].map((s) => `${s}-secret-restart-not-started`),
      ]
        .map((id) => `gitana-prod-${id}`)
        .sort(),
    );
  });

  test("each alarm's description says what it means and when it fires", () => {
    expect(alarm(prod, "gitana-prod-api-running-tasks").alarm_description).toBe(
      "api runs fewer tasks than its floor (Minimum RunningTaskCount < 3 for 5 min)",
    );
  });

  test("every alarm notifies the alarm topic when it fires and when it clears", () => {
    for (const a of Object.values(alarms(prod))) {
      expect(a).toMatchObject({ alarm_actions: [topic()], ok_actions: [topic()] });
    }
  });

  test("a load balancer alarm watches its own load balancer and target group", () => {
    const lb = ref(prod, "aws_lb", "compute_ui-lb_load-balancer", "arn_suffix");
    const targetGroup = ref(
      prod,
      "aws_lb_target_group",
      "compute_ui-lb_target-group",
      "arn_suffix",
    );
    for (const metric of ["lb-5xx", "target-5xx"]) {
      expect(alarm(prod, `gitana-prod-ui-${metric}`)).toMatchObject({
        namespace: "AWS/ApplicationELB",
        dimensions: { LoadBalancer: lb },
        statistic: "Sum",
        period: 300,
        threshold: 10,
        treat_missing_data: "notBreaching",
      });
    }
    expect(alarm(prod, "gitana-prod-ui-healthy-targets").dimensions).toEqual({
      LoadBalancer: lb,
      TargetGroup: targetGroup,
    });
  });

  test("api's healthy-target alarm counts healthy tasks against its floor, so a warming JVM does not page", () => {
    expect(alarm(prod, "gitana-prod-api-healthy-targets")).toMatchObject({
      metric_name: "HealthyHostCount",
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 3,
      evaluation_periods: 5,
    });
    // A rollout keeps the old tasks until the new ones are healthy: never below the floor.
    expect(resourceOf(prod, "aws_ecs_service", "compute_api_service")).toMatchObject({
      deployment_minimum_healthy_percent: 100,
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

  test("OpenSearch alarms at a quarter of each node's volume free, in MiB", () => {
    expect(alarm(prod, "gitana-prod-opensearch-free-storage")).toMatchObject({
      namespace: "AWS/ES",
      metric_name: "FreeStorageSpace",
      dimensions: { DomainName: "gitana-prod-search", ClientId: "111122223333" },
      statistic: "Minimum",
      comparison_operator: "LessThanOrEqualToThreshold",
      threshold: 200 * 1024 * 0.25,
    });
  });

  test("OpenSearch memory alarms follow AWS's recommendations", () => {
    expect(alarm(prod, "gitana-prod-opensearch-jvm-memory-pressure")).toMatchObject({
      statistic: "Maximum",
      threshold: 95,
      evaluation_periods: 3,
      period: 60,
    });
    expect(alarm(prod, "gitana-prod-opensearch-old-gen-jvm-memory-pressure")).toMatchObject({
      threshold: 80,
      evaluation_periods: 3,
    });
  });

  test("a single-node domain (dev) has no yellow alarm: its replicas never allocate", () => {
    expect(alarms(dev)["gitana-dev-opensearch-yellow"]).toBeUndefined();
    expect(alarms(dev)["gitana-dev-opensearch-red"]).toBeDefined();
  });

  test("a single-node session store has no replication-lag alarm: it has no replica", () => {
    const specs = sessionStoreAlarms({ memberClusterIds: ["gitana-dev-sessions-001"] });
    expect(specs.map((a) => [a.id, a.metricName])).toEqual([
      ["session-store-001-engine-cpu", "EngineCPUUtilization"],
      ["session-store-001-memory", "DatabaseMemoryUsagePercentage"],
      ["session-store-001-evictions", "Evictions"],
    ]);
  });

  test("DocumentDB alarms on 15 minutes of 80 % CPU on the writer, wherever it fails over to", () => {
    expect(alarm(prod, "gitana-prod-documentdb-writer-cpu")).toMatchObject({
      namespace: "AWS/DocDB",
      metric_name: "CPUUtilization",
      dimensions: { DBClusterIdentifier: "gitana-prod-docdb", Role: "WRITER" },
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

  test("notifications alarm when the UI stops consuming them or fails them", () => {
    expect(alarm(prod, "gitana-prod-notifications-stalled")).toMatchObject({
      metric_name: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: ref(prod, "aws_sqs_queue", "messaging_queue", "name") },
      threshold: 900,
    });
    expect(alarm(prod, "gitana-prod-notifications-dead-letters")).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: {
        QueueName: ref(prod, "aws_sqs_queue", "messaging_dead-letter-queue", "name"),
      },
      threshold: 1,
    });
  });

  test("running-task alarms treat silence as a fault: Container Insights reports every minute", () => {
    expect(alarm(prod, "gitana-prod-api-running-tasks").treat_missing_data).toBe("breaching");
  });
});

describe("alarm topic", () => {
  test("is encrypted with the messaging key", () => {
    expect(resourceOf(prod, "aws_sns_topic", "alarms_topic")).toMatchObject({
      name: "gitana-prod-alarms",
      kms_master_key_id: ref(prod, "aws_kms_key", "messaging-key", "arn"),
    });
  });

  test("accepts publishes only from this env's CloudWatch alarms, and only over TLS", () => {
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
            values: ["arn:aws:cloudwatch:eu-west-1:111122223333:alarm:gitana-prod-*"],
          },
        ],
      },
      {
        sid: "OnlyTheFailedDeploymentRuleMayPublish",
        actions: ["sns:Publish"],
        resources: [topic()],
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        condition: [
          {
            test: "ArnEquals",
            variable: "aws:SourceArn",
            values: [ref(prod, "aws_cloudwatch_event_rule", "alarms_deployment-failed", "arn")],
          },
        ],
      },
      expect.objectContaining({ sid: "DenyInsecureTransport", effect: "Deny" }),
    ]);
  });

  test("gets a readable notice when ECS rolls back a failed deployment of a service in this cluster", () => {
    const rule = resourceOf(prod, "aws_cloudwatch_event_rule", "alarms_deployment-failed");
    expect(JSON.parse(rule.event_pattern as string)).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Deployment State Change"],
      resources: [{ prefix: "arn:aws:ecs:eu-west-1:111122223333:service/gitana-prod/" }],
      detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
    });
    expect(resourceOf(prod, "aws_cloudwatch_event_target", "alarms_deployment-failed")).toEqual(
      expect.objectContaining({
        rule: ref(prod, "aws_cloudwatch_event_rule", "alarms_deployment-failed", "name"),
        arn: topic(),
        input_transformer: {
          input_paths: { service: "$.resources[0]", reason: "$.detail.reason" },
          input_template:
            '"gitana-prod: an ECS deployment of <service> failed and was rolled back: <reason>"',
        },
      }),
    );
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
          namePrefix: "gitana-test",
          kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/test",
          alarms: [spec, spec],
        }),
    ).toThrow("test/alarms: alarm ids must be unique; repeated: api-running-tasks");
  });
});
