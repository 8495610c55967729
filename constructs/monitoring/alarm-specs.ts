/**
 * The alarms of one env, as data: what each watches, and when it fires. One function per layer,
 * each taking only what identifies that layer's metrics. Thresholds follow AWS's recommended
 * alarms where AWS publishes them (OpenSearch), and otherwise what a Gitana production env
 * should page on; none fires during a normal rollout.
 */
export interface AlarmSpec {
  /** Construct id and alarm name suffix: `<prefix>-<env>-<id>`. */
  readonly id: string;
  /** What it means when it fires; the condition is appended from the fields below. */
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Sum" | "Average" | "Minimum" | "Maximum";
  readonly periodSeconds: number;
  /** Consecutive periods over (or under) the threshold before the alarm fires. */
  readonly evaluationPeriods: number;
  readonly comparison: keyof typeof SYMBOLS;
  readonly threshold: number;
  /** What no data points mean: quiet (traffic metrics), or a fault (metrics always published). */
  readonly missingData: "notBreaching" | "breaching";
}

const SYMBOLS = {
  GreaterThanOrEqualToThreshold: "≥",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "≤",
} as const;

const MINUTE = 60;

type AlarmInput = Omit<AlarmSpec, "description" | "periodSeconds" | "missingData"> & {
  readonly meaning: string;
  /** @default 60 */
  readonly periodSeconds?: number;
  /** @default "notBreaching" */
  readonly missingData?: AlarmSpec["missingData"];
};

/** An alarm whose description states its meaning and, from its own fields, its condition. */
function alarm({ meaning, ...input }: AlarmInput): AlarmSpec {
  const spec = { periodSeconds: MINUTE, missingData: "notBreaching" as const, ...input };
  const minutes = (spec.periodSeconds * spec.evaluationPeriods) / MINUTE;
  const condition = `${spec.statistic} ${spec.metricName} ${SYMBOLS[spec.comparison]} ${spec.threshold} for ${minutes} min`;
  return { ...spec, description: `${meaning} (${condition})` };
}

/** At or above `threshold` for `evaluationPeriods` periods. */
const atLeast = (threshold: number, evaluationPeriods = 1) => ({
  comparison: "GreaterThanOrEqualToThreshold" as const,
  threshold,
  evaluationPeriods,
});

export interface LoadBalancerMetrics {
  /** The service behind it: `api`, `ui`, `av`. */
  readonly service: string;
  /** `app/<name>/<id>` (aws_lb.arn_suffix). */
  readonly loadBalancerArnSuffix: string;
  /** `targetgroup/<name>/<id>` (aws_lb_target_group.arn_suffix). */
  readonly targetGroupArnSuffix: string;
  /** The service's task floor: fewer healthy targets than this is lost capacity. */
  readonly minimumHealthy: number;
}

/**
 * Errors the load balancer answers itself (no healthy target, timeouts), errors the service
 * answers, and healthy targets below the service's floor. Healthy, not unhealthy, targets: a
 * rollout keeps the old tasks healthy until the new ones pass (100 % minimum), while a new api
 * task fails checks for minutes while its JVM warms up.
 */
export function loadBalancerAlarms(lb: LoadBalancerMetrics): AlarmSpec[] {
  const loadBalancer = { LoadBalancer: lb.loadBalancerArnSuffix };
  const fiveMinuteSum = { statistic: "Sum" as const, periodSeconds: 5 * MINUTE };
  return [
    alarm({
      id: `${lb.service}-lb-5xx`,
      meaning: `The ${lb.service} load balancer fails requests itself: no healthy target, or timeouts`,
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_ELB_5XX_Count",
      dimensions: loadBalancer,
      ...fiveMinuteSum,
      ...atLeast(10),
    }),
    alarm({
      id: `${lb.service}-target-5xx`,
      meaning: `${lb.service} answers requests with server errors`,
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_5XX_Count",
      dimensions: loadBalancer,
      ...fiveMinuteSum,
      ...atLeast(10),
    }),
    alarm({
      id: `${lb.service}-healthy-targets`,
      meaning: `${lb.service} has fewer healthy tasks behind its load balancer than its floor`,
      namespace: "AWS/ApplicationELB",
      metricName: "HealthyHostCount",
      dimensions: { ...loadBalancer, TargetGroup: lb.targetGroupArnSuffix },
      statistic: "Minimum",
      comparison: "LessThanThreshold",
      threshold: lb.minimumHealthy,
      evaluationPeriods: 5,
    }),
  ];
}

export interface ServiceMetrics {
  readonly clusterName: string;
  readonly serviceName: string;
  /** Fewer running tasks than this, for 5 minutes, is an outage or a lost quorum. */
  readonly minimumRunning: number;
}

/** Running tasks below the service's floor (Container Insights, on in every cluster made here). */
export function serviceAlarms(service: ServiceMetrics): AlarmSpec[] {
  return [
    alarm({
      id: `${service.serviceName}-running-tasks`,
      meaning: `${service.serviceName} runs fewer tasks than its floor`,
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensions: { ClusterName: service.clusterName, ServiceName: service.serviceName },
      statistic: "Minimum",
      comparison: "LessThanThreshold",
      threshold: service.minimumRunning,
      evaluationPeriods: 5,
      // Container Insights publishes every minute: silence is itself a fault to look at.
      missingData: "breaching",
    }),
  ];
}

/** The writer's CPU held high: every Gitana request waits on it (the role follows failovers). */
export function documentDbAlarms(clusterIdentifier: string): AlarmSpec[] {
  return [
    alarm({
      id: "documentdb-writer-cpu",
      meaning: "The DocumentDB writer is CPU-bound: every Gitana request slows down",
      namespace: "AWS/DocDB",
      metricName: "CPUUtilization",
      dimensions: { DBClusterIdentifier: clusterIdentifier, Role: "WRITER" },
      statistic: "Average",
      periodSeconds: 5 * MINUTE,
      ...atLeast(80, 3),
    }),
  ];
}

export interface OpenSearchMetrics {
  readonly domainName: string;
  readonly accountId: string;
  /** EBS volume per data node, to alarm at a quarter of it free. */
  readonly volumeSizeGb: number;
  /** With one data node, replicas never allocate and the cluster is always yellow. */
  readonly dataNodeCount: number;
}

/** AWS's recommended alarms for an OpenSearch domain with a KMS key and automated snapshots. */
export function openSearchAlarms(domain: OpenSearchMetrics): AlarmSpec[] {
  const metric = (
    id: string,
    meaning: string,
    metricName: string,
    condition: Pick<AlarmSpec, "statistic" | "comparison" | "threshold" | "evaluationPeriods"> &
      Partial<Pick<AlarmSpec, "periodSeconds">>,
  ) =>
    alarm({
      id: `opensearch-${id}`,
      meaning,
      namespace: "AWS/ES",
      metricName,
      dimensions: { DomainName: domain.domainName, ClientId: domain.accountId },
      ...condition,
    });
  const max = "Maximum" as const;
  return [
    metric("red", "A primary shard is unassigned: searches miss content", "ClusterStatus.red", {
      statistic: max,
      ...atLeast(1),
    }),
    ...(domain.dataNodeCount > 1
      ? [
          metric("yellow", "A replica shard is unassigned", "ClusterStatus.yellow", {
            statistic: max,
            ...atLeast(1, 5),
          }),
        ]
      : []),
    metric(
      "writes-blocked",
      "The domain blocks writes: Gitana cannot index",
      "ClusterIndexWritesBlocked",
      {
        statistic: max,
        periodSeconds: 5 * MINUTE,
        ...atLeast(1),
      },
    ),
    metric("free-storage", "A data node is running out of disk", "FreeStorageSpace", {
      statistic: "Minimum",
      comparison: "LessThanOrEqualToThreshold",
      // A quarter of the volume, in MiB (the metric's unit).
      threshold: Math.floor(domain.volumeSizeGb * 1024 * 0.25),
      evaluationPeriods: 1,
    }),
    metric("cpu", "Data nodes are CPU-bound", "CPUUtilization", {
      statistic: max,
      periodSeconds: 15 * MINUTE,
      ...atLeast(80, 3),
    }),
    metric("jvm-memory-pressure", "Data nodes are close to out-of-memory", "JVMMemoryPressure", {
      statistic: max,
      ...atLeast(95, 3),
    }),
    metric(
      "old-gen-jvm-memory-pressure",
      "Data nodes' old generation stays full: garbage collection cannot keep up",
      "OldGenJVMMemoryPressure",
      { statistic: max, ...atLeast(80, 3) },
    ),
    metric(
      "kms-key-inaccessible",
      "The domain cannot use its KMS key: it will stop serving",
      "KMSKeyInaccessible",
      { statistic: max, ...atLeast(1) },
    ),
    metric("snapshot-failed", "An automated snapshot failed", "AutomatedSnapshotFailure", {
      statistic: max,
      ...atLeast(1),
    }),
  ];
}

export interface SessionStoreMetrics {
  /** The nodes (`<group>-001`, ...): ElastiCache publishes each node's metrics under its id. */
  readonly memberClusterIds: readonly string[];
}

/**
 * AWS's recommended alarms for a Valkey node ("Which Metrics Should I Monitor?", ElastiCache
 * guide), per node since the primary moves on failover: the engine thread busy (90 %, AWS's
 * figure), memory filling up before evictions start, evictions themselves (an evicted key is a
 * ui user logged out or a lock lost), and, on replicas, replication lag (what a failover would
 * lose). A primary publishes no ReplicationLag: no data is not a fault.
 */
export function sessionStoreAlarms(store: SessionStoreMetrics): AlarmSpec[] {
  const replicated = store.memberClusterIds.length > 1;
  return store.memberClusterIds.flatMap((node) => {
    const metric = { namespace: "AWS/ElastiCache", dimensions: { CacheClusterId: node } };
    // `<prefix>-<env>-session-store-001-...`: the alarm name already starts with the env.
    const id = `session-store-${node.slice(node.lastIndexOf("-") + 1)}`;
    return [
      alarm({
        id: `${id}-engine-cpu`,
        meaning: `The session store node ${node} is CPU-bound: every ui request waits on it`,
        ...metric,
        metricName: "EngineCPUUtilization",
        statistic: "Average",
        ...atLeast(90, 5),
      }),
      alarm({
        id: `${id}-memory`,
        meaning: `The session store node ${node} is filling up: evictions follow at 100 %`,
        ...metric,
        metricName: "DatabaseMemoryUsagePercentage",
        statistic: "Average",
        ...atLeast(80, 5),
      }),
      alarm({
        id: `${id}-evictions`,
        meaning: `The session store node ${node} evicts keys: ui users lose sessions, locks go`,
        ...metric,
        metricName: "Evictions",
        statistic: "Sum",
        periodSeconds: 5 * MINUTE,
        ...atLeast(1),
      }),
      ...(replicated
        ? [
            alarm({
              id: `${id}-replication-lag`,
              meaning: `The replica ${node} lags its primary: a failover now would lose that much`,
              ...metric,
              metricName: "ReplicationLag",
              statistic: "Maximum",
              ...atLeast(10, 5),
            }),
          ]
        : []),
    ];
  });
}

export interface NotificationQueueMetrics {
  readonly queueName: string;
  readonly deadLetterQueueName: string;
}

/** Notifications the UI server stopped consuming, or failed five times. */
export function notificationAlarms(queues: NotificationQueueMetrics): AlarmSpec[] {
  return [
    alarm({
      id: "notifications-stalled",
      meaning: "The UI server is not consuming deployment notifications",
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: queues.queueName },
      statistic: "Maximum",
      periodSeconds: 5 * MINUTE,
      ...atLeast(15 * MINUTE),
    }),
    alarm({
      id: "notifications-dead-letters",
      meaning: "Notifications wait in the dead-letter queue: the UI server failed them",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queues.deadLetterQueueName },
      statistic: "Maximum",
      periodSeconds: 5 * MINUTE,
      ...atLeast(1),
    }),
  ];
}

export interface SecretRestartMetrics {
  readonly stateMachineArn: string;
  /** The EventBridge rule of each restarted service. */
  readonly rules: readonly { readonly service: string; readonly ruleName: string }[];
}

/** A restart after a secret change that did not happen: after a rotation, DB logins fail. */
export function secretRestartAlarms(restart: SecretRestartMetrics): AlarmSpec[] {
  const failed = { statistic: "Sum" as const, periodSeconds: 5 * MINUTE, ...atLeast(1) };
  return [
    alarm({
      id: "secret-restart-failed",
      meaning: "A restart after a secret change failed: restart the service by hand",
      namespace: "AWS/States",
      metricName: "ExecutionsFailed",
      dimensions: { StateMachineArn: restart.stateMachineArn },
      ...failed,
    }),
    ...restart.rules.map(({ service, ruleName }) =>
      alarm({
        id: `${service}-secret-restart-not-started`,
        meaning: `EventBridge could not start the restart of ${service} after a secret change`,
        namespace: "AWS/Events",
        metricName: "FailedInvocations",
        dimensions: { RuleName: ruleName },
        ...failed,
      }),
    ),
  ];
}
