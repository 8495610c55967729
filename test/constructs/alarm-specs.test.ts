import {
  documentDbAlarms,
  loadBalancerAlarms,
  notificationAlarms,
  openSearchAlarms,
  secretRestartAlarms,
  serviceAlarms,
  sessionStoreAlarms,
  type AlarmSpec,
} from "../../constructs/monitoring";

/** The alarms of each layer, as data: what they watch and when they fire. No stack needed. */
const byId = (specs: AlarmSpec[]) => Object.fromEntries(specs.map((spec) => [spec.id, spec]));

const lb = byId(
  loadBalancerAlarms({
    service: "ui",
    loadBalancerArnSuffix: "app/ui/1",
    targetGroupArnSuffix: "targetgroup/ui/2",
    minimumHealthy: 2,
  }),
);
const [running] = serviceAlarms({ clusterName: "cluster", serviceName: "api", minimumRunning: 3 });
const search = (dataNodeCount: number) =>
  byId(
    openSearchAlarms({
      domainName: "search",
      accountId: "111122223333",
      volumeSizeGb: 200,
      dataNodeCount,
    }),
  );

describe("alarm specs", () => {
  test("a description says what the alarm means and, from its own fields, when it fires", () => {
    expect(running.description).toBe(
      "api runs fewer tasks than its floor (Minimum RunningTaskCount < 3 for 5 min)",
    );
  });

  test("a load balancer alarms on 10 errors in 5 minutes, its own and its targets'", () => {
    for (const id of ["ui-lb-5xx", "ui-target-5xx"]) {
      expect(lb[id]).toMatchObject({
        namespace: "AWS/ApplicationELB",
        dimensions: { LoadBalancer: "app/ui/1" },
        statistic: "Sum",
        periodSeconds: 300,
        comparison: "GreaterThanOrEqualToThreshold",
        threshold: 10,
        missingData: "notBreaching",
      });
    }
    expect([lb["ui-lb-5xx"].metricName, lb["ui-target-5xx"].metricName]).toEqual([
      "HTTPCode_ELB_5XX_Count",
      "HTTPCode_Target_5XX_Count",
    ]);
  });

  test("healthy targets below the service's floor for 5 minutes alarm, so a warming task does not", () => {
    expect(lb["ui-healthy-targets"]).toMatchObject({
      metricName: "HealthyHostCount",
      dimensions: { LoadBalancer: "app/ui/1", TargetGroup: "targetgroup/ui/2" },
      statistic: "Minimum",
      comparison: "LessThanThreshold",
      threshold: 2,
      evaluationPeriods: 5,
    });
  });

  test("running tasks below the floor for 5 minutes alarm, and silence counts as a fault", () => {
    expect(running).toMatchObject({
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensions: { ClusterName: "cluster", ServiceName: "api" },
      statistic: "Minimum",
      comparison: "LessThanThreshold",
      threshold: 3,
      evaluationPeriods: 5,
      missingData: "breaching",
    });
  });

  test("DocumentDB alarms on 15 minutes of 80 % CPU on the writer, wherever it fails over to", () => {
    expect(documentDbAlarms("docdb")).toEqual([
      expect.objectContaining({
        namespace: "AWS/DocDB",
        metricName: "CPUUtilization",
        dimensions: { DBClusterIdentifier: "docdb", Role: "WRITER" },
        statistic: "Average",
        periodSeconds: 300,
        evaluationPeriods: 3,
        threshold: 80,
      }),
    ]);
  });

  test("OpenSearch alarms at a quarter of each node's volume free, in MiB", () => {
    expect(search(3)["opensearch-free-storage"]).toMatchObject({
      namespace: "AWS/ES",
      metricName: "FreeStorageSpace",
      dimensions: { DomainName: "search", ClientId: "111122223333" },
      statistic: "Minimum",
      comparison: "LessThanOrEqualToThreshold",
      threshold: (200 * 1024) / 4,
    });
  });

  test("OpenSearch memory alarms follow AWS's recommendations", () => {
    expect(search(3)["opensearch-jvm-memory-pressure"]).toMatchObject({
      statistic: "Maximum",
      threshold: 95,
      evaluationPeriods: 3,
      periodSeconds: 60,
    });
    expect(search(3)["opensearch-old-gen-jvm-memory-pressure"]).toMatchObject({
      threshold: 80,
      evaluationPeriods: 3,
    });
  });

  test("a single-node domain has no yellow alarm: its replicas never allocate", () => {
    expect(Object.keys(search(1))).not.toContain("opensearch-yellow");
    expect(Object.keys(search(1))).toContain("opensearch-red");
    expect(Object.keys(search(3))).toContain("opensearch-yellow");
  });

  test("a single-node session store has no replication-lag alarm: it has no replica", () => {
    const specs = sessionStoreAlarms({ memberClusterIds: ["gitana-dev-sessions-001"] });
    expect(specs.map((a) => [a.id, a.metricName])).toEqual([
      ["session-store-001-engine-cpu", "EngineCPUUtilization"],
      ["session-store-001-memory", "DatabaseMemoryUsagePercentage"],
      ["session-store-001-evictions", "Evictions"],
    ]);
  });

  test("each node of a replicated session store is watched under its own id, lag included", () => {
    const specs = sessionStoreAlarms({ memberClusterIds: ["s-001", "s-002"] });
    expect(specs.filter((a) => a.metricName === "ReplicationLag").map((a) => a.dimensions)).toEqual(
      [{ CacheClusterId: "s-001" }, { CacheClusterId: "s-002" }],
    );
  });

  test("notifications alarm when the oldest waits 15 minutes, and on any dead letter", () => {
    const specs = byId(notificationAlarms({ queueName: "q", deadLetterQueueName: "dlq" }));
    expect(specs["notifications-stalled"]).toMatchObject({
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: "q" },
      threshold: 900,
    });
    expect(specs["notifications-dead-letters"]).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "dlq" },
      threshold: 1,
    });
  });

  test("a failed restart after a secret change alarms, from the state machine or each rule", () => {
    const specs = secretRestartAlarms({
      stateMachineArn: "arn:sfn",
      rules: [{ service: "api", ruleName: "api-rule" }],
    });
    expect(specs.map((a) => [a.id, a.namespace, a.metricName, a.dimensions])).toEqual([
      ["secret-restart-failed", "AWS/States", "ExecutionsFailed", { StateMachineArn: "arn:sfn" }],
      [
        "api-secret-restart-not-started",
        "AWS/Events",
        "FailedInvocations",
        { RuleName: "api-rule" },
      ],
    ]);
  });
});
