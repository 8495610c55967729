/**
 * The alarms of one env, as data: what each watches, and when it fires. One function per layer,
 * each taking only what identifies that layer's metrics. Thresholds are for a Gitana production
 * env; every alarm notifies when it fires and when it clears.
 */
export interface AlarmSpec {
  /** Construct id and alarm name suffix: `<prefix>-<env>-<id>`. */
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Sum" | "Average" | "Minimum" | "Maximum";
  readonly periodSeconds: number;
  /** Consecutive periods over (or under) the threshold before the alarm fires. */
  readonly evaluationPeriods: number;
  readonly comparison:
    | "GreaterThanOrEqualToThreshold"
    | "GreaterThanThreshold"
    | "LessThanThreshold"
    | "LessThanOrEqualToThreshold";
  readonly threshold: number;
  /** No data points: traffic-driven metrics report nothing when all is quiet. */
  readonly missingData: "notBreaching" | "breaching";
}

const MINUTE = 60;

export interface LoadBalancerMetrics {
  /** The service behind it: `api`, `ui`, `av`. */
  readonly service: string;
  /** `app/<name>/<id>` (aws_lb.arn_suffix). */
  readonly loadBalancerArnSuffix: string;
  /** `targetgroup/<name>/<id>` (aws_lb_target_group.arn_suffix). */
  readonly targetGroupArnSuffix: string;
}

/** 5xx answered by the load balancer itself (no healthy target, timeouts) and unhealthy targets. */
export function loadBalancerAlarms(lb: LoadBalancerMetrics): AlarmSpec[] {
  return [
    {
      id: `${lb.service}-lb-5xx`,
      description: `The ${lb.service} load balancer answered 10 or more requests with its own 5xx in 5 minutes`,
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_ELB_5XX_Count",
      dimensions: { LoadBalancer: lb.loadBalancerArnSuffix },
      statistic: "Sum",
      periodSeconds: 5 * MINUTE,
      evaluationPeriods: 1,
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 10,
      missingData: "notBreaching",
    },
    {
      id: `${lb.service}-unhealthy-targets`,
      description: `A ${lb.service} task has failed its load balancer health check for 3 minutes`,
      namespace: "AWS/ApplicationELB",
      metricName: "UnHealthyHostCount",
      dimensions: {
        LoadBalancer: lb.loadBalancerArnSuffix,
        TargetGroup: lb.targetGroupArnSuffix,
      },
      statistic: "Maximum",
      periodSeconds: MINUTE,
      evaluationPeriods: 3,
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      missingData: "notBreaching",
    },
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
    {
      id: `${service.serviceName}-running-tasks`,
      description: `${service.serviceName} has run fewer than ${service.minimumRunning} tasks for 5 minutes`,
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensions: { ClusterName: service.clusterName, ServiceName: service.serviceName },
      statistic: "Minimum",
      periodSeconds: MINUTE,
      evaluationPeriods: 5,
      comparison: "LessThanThreshold",
      threshold: service.minimumRunning,
      // Container Insights reports 0 for a service with no task; silence means no Insights (a
      // cluster of yours without it), which is not an outage.
      missingData: "notBreaching",
    },
  ];
}

/** DocumentDB CPU held high: queries slow down for every Gitana request. */
export function documentDbAlarms(clusterIdentifier: string): AlarmSpec[] {
  return [
    {
      id: "documentdb-cpu",
      description: "DocumentDB CPU has averaged 80 % or more for 15 minutes",
      namespace: "AWS/DocDB",
      metricName: "CPUUtilization",
      dimensions: { DBClusterIdentifier: clusterIdentifier },
      statistic: "Average",
      periodSeconds: 5 * MINUTE,
      evaluationPeriods: 3,
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 80,
      missingData: "notBreaching",
    },
  ];
}

export interface OpenSearchMetrics {
  readonly domainName: string;
  readonly accountId: string;
  /** EBS volume per data node, to alarm at a fifth of it free. */
  readonly volumeSizeGb: number;
  /** With one data node, replicas never allocate and the cluster is always yellow. */
  readonly dataNodeCount: number;
}

/** The search cluster's health, free storage, writes blocked and JVM memory pressure. */
export function openSearchAlarms(domain: OpenSearchMetrics): AlarmSpec[] {
  const dimensions = { DomainName: domain.domainName, ClientId: domain.accountId };
  const metric = (
    id: string,
    description: string,
    metricName: string,
    spec: Pick<AlarmSpec, "statistic" | "evaluationPeriods" | "comparison" | "threshold">,
  ): AlarmSpec => ({
    id: `opensearch-${id}`,
    description,
    namespace: "AWS/ES",
    metricName,
    dimensions,
    periodSeconds: MINUTE,
    missingData: "notBreaching",
    ...spec,
  });
  const high = (threshold: number, evaluationPeriods: number) => ({
    statistic: "Maximum" as const,
    evaluationPeriods,
    comparison: "GreaterThanOrEqualToThreshold" as const,
    threshold,
  });
  return [
    metric(
      "red",
      "A primary shard is unassigned: searches miss content",
      "ClusterStatus.red",
      high(1, 1),
    ),
    ...(domain.dataNodeCount > 1
      ? [
          metric(
            "yellow",
            "A replica shard has been unassigned for 5 minutes",
            "ClusterStatus.yellow",
            high(1, 5),
          ),
        ]
      : []),
    metric(
      "writes-blocked",
      "The domain blocks writes: Gitana cannot index",
      "ClusterIndexWritesBlocked",
      high(1, 1),
    ),
    metric(
      "jvm-memory-pressure",
      "JVM memory pressure has stayed at 80 % or more for 5 minutes",
      "JVMMemoryPressure",
      high(80, 5),
    ),
    metric(
      "free-storage",
      `A data node has less than a fifth of its ${domain.volumeSizeGb} GB free`,
      "FreeStorageSpace",
      {
        statistic: "Minimum",
        evaluationPeriods: 1,
        comparison: "LessThanOrEqualToThreshold",
        // FreeStorageSpace is in MiB.
        threshold: Math.floor(domain.volumeSizeGb * 1024 * 0.2),
      },
    ),
  ];
}

/** Notifications the UI server failed to handle five times. */
export function deadLetterAlarms(queueName: string): AlarmSpec[] {
  return [
    {
      id: "notifications-dead-letters",
      description: "Notifications are waiting in the dead-letter queue: the UI server failed them",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queueName },
      statistic: "Maximum",
      periodSeconds: 5 * MINUTE,
      evaluationPeriods: 1,
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      missingData: "notBreaching",
    },
  ];
}

export interface SecretRestartMetrics {
  readonly stateMachineArn: string;
  /** The EventBridge rule of each restarted service. */
  readonly rules: readonly { readonly service: string; readonly ruleName: string }[];
}

/** A restart after a secret change that did not happen: after a rotation, DB logins fail. */
export function secretRestartAlarms(restart: SecretRestartMetrics): AlarmSpec[] {
  const failed = (
    id: string,
    description: string,
    namespace: string,
    metricName: string,
    dimensions: Record<string, string>,
  ): AlarmSpec => ({
    id,
    description,
    namespace,
    metricName,
    dimensions,
    statistic: "Sum",
    periodSeconds: 5 * MINUTE,
    evaluationPeriods: 1,
    comparison: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    missingData: "notBreaching",
  });
  return [
    failed(
      "secret-restart-failed",
      "A restart after a secret change failed: restart the service by hand",
      "AWS/States",
      "ExecutionsFailed",
      { StateMachineArn: restart.stateMachineArn },
    ),
    ...restart.rules.map(({ service, ruleName }) =>
      failed(
        `${service}-secret-restart-not-started`,
        `EventBridge could not start the restart of ${service} after a secret change`,
        "AWS/Events",
        "FailedInvocations",
        { RuleName: ruleName },
      ),
    ),
  ];
}
