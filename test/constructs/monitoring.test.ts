import { GitanaAlarms, serviceAlarms, type GitanaAlarmsProps } from "../../constructs/monitoring";
import { AWS, bareStack, synthStack } from "../helpers/bare-stack";
import { devInput, prodInput } from "../helpers/configs";
import {
  policyStatements,
  ref,
  resourceOf,
  resourcesOf,
  synthEnv,
  type StackJson,
} from "../helpers/synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/alarms";
const [apiRunning] = serviceAlarms({ clusterName: "c", serviceName: "api", minimumRunning: 3 });

/** GitanaAlarms alone on a bare stack. */
function alarmsStack(props: Partial<GitanaAlarmsProps> = {}): StackJson {
  const stack = bareStack();
  new GitanaAlarms(stack, "alarms", {
    aws: AWS,
    namePrefix: "gitana-test",
    kmsKeyArn: KEY,
    alarms: [apiRunning],
    ...props,
  });
  return synthStack(stack);
}
const alarmsOf = (stack: StackJson) =>
  Object.fromEntries(
    resourcesOf(stack, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name as string, a]),
  );
const topicPolicy = (stack: StackJson) =>
  policyStatements(stack, resourceOf(stack, "aws_sns_topic_policy").policy);
const statement = (stack: StackJson, sid: string) => topicPolicy(stack).find((s) => s.sid === sid);

describe("GitanaAlarms", () => {
  const bare = alarmsStack();
  const topicArn = ref(bare, "aws_sns_topic", "topic", "arn");

  test("makes one CloudWatch alarm per spec, named <name>-<id>, with the spec's condition", () => {
    expect(alarmsOf(bare)).toEqual({
      "gitana-test-api-running-tasks": expect.objectContaining({
        alarm_description: apiRunning.description,
        namespace: "ECS/ContainerInsights",
        metric_name: "RunningTaskCount",
        dimensions: { ClusterName: "c", ServiceName: "api" },
        statistic: "Minimum",
        period: 60,
        evaluation_periods: 5,
        comparison_operator: "LessThanThreshold",
        threshold: 3,
        treat_missing_data: "breaching",
      }),
    });
  });

  test("every alarm notifies the topic when it fires and when it clears", () => {
    expect(alarmsOf(bare)["gitana-test-api-running-tasks"]).toMatchObject({
      alarm_actions: [topicArn],
      ok_actions: [topicArn],
    });
  });

  test("the topic is named for the env and encrypted with the key given", () => {
    expect(resourceOf(bare, "aws_sns_topic", "topic")).toMatchObject({
      name: "gitana-test-alarms",
      kms_master_key_id: KEY,
    });
  });

  test("only CloudWatch alarms of this account, named for this env, may publish", () => {
    expect(statement(bare, "OnlyThisAccountsAlarmsMayPublish")).toMatchObject({
      actions: ["sns:Publish"],
      resources: [topicArn],
      principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
      condition: expect.arrayContaining([
        { test: "StringEquals", variable: "aws:SourceAccount", values: [AWS.accountId] },
        {
          test: "ArnLike",
          variable: "aws:SourceArn",
          values: ["arn:aws:cloudwatch:eu-west-1:111122223333:alarm:gitana-test-*"],
        },
      ]),
    });
  });

  test("publishing without TLS is denied", () => {
    expect(statement(bare, "DenyInsecureTransport")).toMatchObject({
      effect: "Deny",
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
  });

  test("without deploymentFailuresOf there is no EventBridge rule, and EventBridge may not publish", () => {
    expect(resourcesOf(bare, "aws_cloudwatch_event_rule")).toEqual([]);
    expect(topicPolicy(bare).map((s) => s.sid)).not.toContain(
      "OnlyTheFailedDeploymentRuleMayPublish",
    );
  });

  describe("with deploymentFailuresOf a cluster", () => {
    const watched = alarmsStack({ deploymentFailuresOf: { clusterName: "gitana-test" } });
    const rule = () => resourceOf(watched, "aws_cloudwatch_event_rule", "deployment-failed");

    test("a rule matches failed ECS deployments of that cluster's services", () => {
      expect(JSON.parse(rule().event_pattern as string)).toEqual({
        source: ["aws.ecs"],
        "detail-type": ["ECS Deployment State Change"],
        resources: [{ prefix: "arn:aws:ecs:eu-west-1:111122223333:service/gitana-test/" }],
        detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
      });
    });

    test("the topic gets a readable notice naming the service and the reason", () => {
      expect(resourceOf(watched, "aws_cloudwatch_event_target")).toMatchObject({
        rule: ref(watched, "aws_cloudwatch_event_rule", "deployment-failed", "name"),
        arn: ref(watched, "aws_sns_topic", "topic", "arn"),
        input_transformer: {
          input_paths: { service: "$.resources[0]", reason: "$.detail.reason" },
          input_template:
            '"gitana-test: an ECS deployment of <service> failed and was rolled back: <reason>"',
        },
      });
    });

    test("EventBridge may publish for that one rule only", () => {
      expect(statement(watched, "OnlyTheFailedDeploymentRuleMayPublish")).toMatchObject({
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        condition: [
          {
            test: "ArnEquals",
            variable: "aws:SourceArn",
            values: [ref(watched, "aws_cloudwatch_event_rule", "deployment-failed", "arn")],
          },
        ],
      });
    });
  });

  test("subscribes each email address given (in address order), and nobody by default", () => {
    const emails = (stack: StackJson) =>
      resourcesOf(stack, "aws_sns_topic_subscription").map(([, s]) => [s.protocol, s.endpoint]);
    expect(emails(bare)).toEqual([]);
    expect(emails(alarmsStack({ emails: ["ops@example.com", "oncall@example.com"] }))).toEqual([
      ["email", "oncall@example.com"],
      ["email", "ops@example.com"],
    ]);
  });

  test("refuses two alarms with the same id, naming it", () => {
    expect(() => alarmsStack({ alarms: [apiRunning, apiRunning] })).toThrow(
      "test/alarms: alarm ids must be unique; repeated: api-running-tasks",
    );
  });
});

/** What only an env shows: which alarms its layers and config call for, wired to its resources. */
describe("an env's alarms", () => {
  const prod = synthEnv("prod", prodInput());
  const dev = synthEnv("dev", devInput());
  const alarm = (stack: StackJson, name: string) => {
    const found = alarmsOf(stack)[name];
    if (!found) throw new Error(`no alarm ${name}`);
    return found;
  };

  test("prod watches its load balancers, services, data stores, notifications and secret restarts", () => {
    expect(Object.keys(alarmsOf(prod)).sort()).toEqual(
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

  test("the topic is encrypted with the env's messaging key", () => {
    expect(resourceOf(prod, "aws_sns_topic", "alarms_topic").kms_master_key_id).toBe(
      ref(prod, "aws_kms_key", "messaging-key", "arn"),
    );
  });

  test("a load balancer's alarms watch that load balancer and its target group", () => {
    const lb = ref(prod, "aws_lb", "compute_ui-lb_load-balancer", "arn_suffix");
    expect(alarm(prod, "gitana-prod-ui-lb-5xx").dimensions).toEqual({ LoadBalancer: lb });
    expect(alarm(prod, "gitana-prod-ui-healthy-targets").dimensions).toEqual({
      LoadBalancer: lb,
      TargetGroup: ref(prod, "aws_lb_target_group", "compute_ui-lb_target-group", "arn_suffix"),
    });
  });

  test("each service's running-task floor is its configured minimum", () => {
    const services = prodInput().compute.services as Record<
      string,
      { minCount?: number; desiredCount?: number }
    >;
    const floor = (key: string) => services[key].minCount ?? services[key].desiredCount;
    expect(
      ["api", "api-worker", "ui", "av", "clamav"].map(
        (name) => alarm(prod, `gitana-prod-${name}-running-tasks`).threshold,
      ),
    ).toEqual(["api", "apiWorker", "ui", "av", "clamav"].map(floor));
  });

  test("api's healthy-target floor is its minimum, which a rollout never goes below", () => {
    expect(alarm(prod, "gitana-prod-api-healthy-targets").threshold).toBe(
      prodInput().compute.services.api.minCount,
    );
    expect(resourceOf(prod, "aws_ecs_service", "compute_api_service")).toMatchObject({
      deployment_minimum_healthy_percent: 100,
    });
  });

  test("a service set to 0 tasks has no running-task alarm", () => {
    const input = devInput();
    input.compute.services.clamav = { ...input.compute.services.clamav, desiredCount: 0 };
    expect(Object.keys(alarmsOf(synthEnv("dev", input)))).not.toContain(
      "gitana-dev-clamav-running-tasks",
    );
  });

  test("the free-storage alarm follows the env's volume size, and dev's single node has no yellow alarm", () => {
    expect(alarm(prod, "gitana-prod-opensearch-free-storage").threshold).toBe(
      ((prodInput().openSearch.volumeSizeGb ?? 0) * 1024) / 4,
    );
    expect(Object.keys(alarmsOf(dev))).not.toContain("gitana-dev-opensearch-yellow");
  });

  test("notification and restart alarms watch the env's own queues, state machine and rules", () => {
    expect(alarm(prod, "gitana-prod-notifications-stalled").dimensions).toEqual({
      QueueName: ref(prod, "aws_sqs_queue", "messaging_queue", "name"),
    });
    expect(alarm(prod, "gitana-prod-notifications-dead-letters").dimensions).toEqual({
      QueueName: ref(prod, "aws_sqs_queue", "messaging_dead-letter-queue", "name"),
    });
    expect(alarm(prod, "gitana-prod-secret-restart-failed").dimensions).toEqual({
      StateMachineArn: ref(prod, "aws_sfn_state_machine", "restart-on-secret-change", "arn"),
    });
    expect(alarm(prod, "gitana-prod-api-worker-secret-restart-not-started").dimensions).toEqual({
      RuleName: "gitana-prod-api-worker-secret-change",
    });
  });

  test("config's alarm emails subscribe to the env's topic", () => {
    const withEmails = synthEnv("prod", {
      ...prodInput(),
      alarms: { emails: ["ops@example.com"] },
    });
    expect(
      resourcesOf(withEmails, "aws_sns_topic_subscription")
        .map(([, s]) => s)
        .filter((s) => s.protocol === "email"),
    ).toEqual([
      {
        topic_arn: ref(withEmails, "aws_sns_topic", "alarms_topic", "arn"),
        protocol: "email",
        endpoint: "ops@example.com",
      },
    ]);
  });
});
