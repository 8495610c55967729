import { Construct } from "constructs";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { ITerraformDependable } from "cdktf";
import type { AwsEnv } from "../core/aws-env";
import type { Caller, Reachable, SecurityGroupPeer } from "../core/security-group";
import { encryptedLogGroup } from "../core/log-group";
import type { TaskRole } from "../iam";
import type { EcsClusterRef } from "./cluster";
import { GITANA_VOLUME, renderContainer, type ContainerSpec } from "./container-definitions";
import { fargateSizeProblem, scalingRangeProblem } from "../../facts/fargate";

export interface ServiceConnectService {
  /** The port mapping (by name) clients reach. */
  readonly portName: string;
  /** The name clients use: `api` in `http://api:80`. */
  readonly dnsName: string;
  /** The port clients use. */
  readonly port: number;
  /** The port speaks HTTP (its port mapping has appProtocol http). */
  readonly http: boolean;
}

export interface FargateScaling {
  readonly minCount: number;
  readonly maxCount: number;
  /** Average CPU the service is kept at. */
  readonly targetCpuPercent: number;
}

export interface GitanaFargateServiceProps {
  readonly aws: AwsEnv;
  /** Prefix of the names, e.g. `gitana-prod`. */
  readonly namePrefix: string;
  /** The service's own name in the cluster: `api`, `ui`, ... */
  readonly serviceName: string;
  readonly cluster: EcsClusterRef;
  readonly vpcId: string;
  /** Private subnets; tasks never get public IPs (ECS.2). */
  readonly subnetIds: string[];
  readonly cpu: number;
  readonly memory: number;
  readonly cpuArchitecture: "ARM64" | "X86_64";
  readonly executionRole: TaskRole;
  readonly taskRole: TaskRole;
  readonly container: ContainerSpec;
  /** A container run to completion before `container` (the config sync). @default - none */
  readonly initContainer?: ContainerSpec;
  /** Register in Service Connect under a name; omit for a client-only service. */
  readonly serviceConnect?: ServiceConnectService;
  /** Run on Fargate Spot (X86_64 only; tasks can be reclaimed). @default false */
  readonly spot?: boolean;
  /** Task count of a fixed-size service; ignored when `scaling` is set. */
  readonly desiredCount?: number;
  /** CPU target tracking between min and max. @default - fixed at desiredCount */
  readonly scaling?: FargateScaling;
  /** Rollout bounds. @default 100 % healthy minimum, 200 % maximum: a new task joins before an old one leaves */
  readonly minimumHealthyPercent?: number;
  readonly maximumPercent?: number;
  /** The target group the service registers in, and what it must wait for. @default - no load balancer */
  readonly loadBalancer?: {
    readonly targetGroupArn: string;
    readonly containerPort: number;
    readonly dependsOn: ITerraformDependable[];
  };
  /** Seconds the load balancer's health checks are ignored after a task starts. @default 120 */
  readonly healthCheckGracePeriodSeconds?: number;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  /** Tags of the service, propagated to its tasks (e.g. the cluster-discovery tag). @default - none */
  readonly tags?: Record<string, string>;
  /** `aws ecs execute-command` into the tasks. @default false */
  readonly enableExecuteCommand?: boolean;
  /**
   * Where the tasks may open HTTPS connections: AWS APIs only through the VPC's endpoints, plus
   * the CIDRs listed. For services that handle untrusted content.
   * @default - 443 anywhere (0.0.0.0/0): AWS APIs through NAT, and what the image fetches itself
   */
  readonly httpsEgress?: {
    readonly endpointSecurityGroupId: string;
    readonly s3PrefixListId: string;
    readonly cidrs: readonly string[];
  };
  /** Services whose Service Connect endpoints this one calls: created before it. @default - none */
  readonly startAfter?: readonly GitanaFargateService[];
}

/**
 * One Gitana service on Fargate, rendered from data: its task definition (ARM64 by default,
 * awsvpc, the two distinct roles), its encrypted log group, its own security group, the ECS
 * service with circuit-breaker rollback, Service Connect and optional CPU autoscaling. The five
 * Gitana services are five instances of this construct.
 */
export class GitanaFargateService extends Construct implements Caller, Reachable {
  readonly serviceName: string;
  /** Names the rules that mention it: the service name. */
  readonly peerName: string;
  readonly securityGroupId: string;
  readonly logGroupName: string;
  readonly logGroupArn: string;
  readonly taskDefinitionArn: string;
  /** Images the task pulls, for the execution role's pull permission. */
  readonly images: string[];
  /** Secrets holding private-registry credentials the task pulls with. */
  readonly repositoryCredentials: string[];
  readonly containerName: string;
  readonly service: EcsService;
  /** The fewest tasks the service runs: its scaling minimum, or its fixed count. */
  readonly minimumTasks: number;
  /** HTTPS out only to the AWS API endpoints and listed CIDRs (`httpsEgress`). */
  private readonly httpsRestricted: boolean;

  constructor(scope: Construct, id: string, props: GitanaFargateServiceProps) {
    super(scope, id);
    const sizeProblem = fargateSizeProblem(props.cpu, props.memory);
    if (sizeProblem) throw new Error(`${this.node.path}: ${sizeProblem}`);
    if (!props.scaling && props.desiredCount === undefined) {
      throw new Error(`${this.node.path}: set desiredCount for a fixed-size service, or scaling`);
    }
    const rangeProblem =
      props.scaling && scalingRangeProblem(props.scaling.minCount, props.scaling.maxCount);
    if (rangeProblem) {
      throw new Error(
        `${this.node.path}: scaling.minCount ${props.scaling?.minCount} ${rangeProblem}`,
      );
    }
    const fullName = `${props.namePrefix}-${props.serviceName}`;
    this.serviceName = props.serviceName;
    this.peerName = props.serviceName;
    this.httpsRestricted = props.httpsEgress !== undefined;
    this.containerName = props.container.name;
    // Checked above: one of the two is set.
    this.minimumTasks = props.scaling?.minCount ?? props.desiredCount ?? 0;
    const containerSpecs = [props.container, ...(props.initContainer ? [props.initContainer] : [])];
    this.images = containerSpecs.map((c) => c.image);
    this.repositoryCredentials = containerSpecs.flatMap((c) =>
      c.repositoryCredentials ? [c.repositoryCredentials] : [],
    );

    const logGroup = encryptedLogGroup(this, "log-group", {
      name: `/ecs/${props.namePrefix}/${props.serviceName}`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.logsKmsKeyArn,
    });
    this.logGroupName = logGroup.name;
    this.logGroupArn = logGroup.arn;

    const render = { logGroupName: logGroup.name, region: props.aws.region };
    const containers = props.initContainer
      ? [
          renderContainer(props.initContainer, { ...render, essential: false }),
          renderContainer(props.container, {
            ...render,
            dependsOnCompletionOf: props.initContainer.name,
          }),
        ]
      : [renderContainer(props.container, render)];
    const taskDefinition = new EcsTaskDefinition(this, "task-definition", {
      family: fullName,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(props.cpu),
      memory: String(props.memory),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: props.cpuArchitecture },
      executionRoleArn: props.executionRole.roleArn,
      taskRoleArn: props.taskRole.roleArn,
      volume: props.initContainer ? [{ name: GITANA_VOLUME }] : undefined,
      containerDefinitions: JSON.stringify(containers),
    });
    this.taskDefinitionArn = taskDefinition.arn;

    const securityGroup = new SecurityGroup(this, "security-group", {
      name: fullName,
      description: `Tasks of the ${props.serviceName} service`,
      vpcId: props.vpcId,
      tags: { Name: fullName },
    });
    this.securityGroupId = securityGroup.id;
    const https = (id: string, description: string, to: Record<string, string>) =>
      new VpcSecurityGroupEgressRule(this, id, {
        securityGroupId: securityGroup.id,
        description,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        ...to,
      });
    if (props.httpsEgress) {
      const { endpointSecurityGroupId, s3PrefixListId, cidrs } = props.httpsEgress;
      https("egress-aws-api-endpoints", "HTTPS to the AWS API interface endpoints", {
        referencedSecurityGroupId: endpointSecurityGroupId,
      });
      https("egress-s3", "HTTPS to S3 through its gateway endpoint (image layers)", {
        prefixListId: s3PrefixListId,
      });
      cidrs.forEach((cidr, i) =>
        https(`egress-https-${i}`, `HTTPS to ${cidr}`, { cidrIpv4: cidr }),
      );
    } else {
      // Out to HTTPS anywhere: ECR and the other AWS APIs (through NAT or endpoints), and the RDS
      // CA bundle that setup.sh downloads. Everything internal is opened peer by peer with allowTo.
      https("egress-https", "HTTPS to AWS APIs and image registries", { cidrIpv4: "0.0.0.0/0" });
    }

    const service = new EcsService(this, "service", {
      // Without it, provider 5.x replaces the service (an outage) when its capacity provider
      // strategy changes, e.g. when an env turns Spot on or off.
      forceNewDeployment: true,
      name: props.serviceName,
      cluster: props.cluster.clusterArn,
      taskDefinition: taskDefinition.arn,
      desiredCount: this.minimumTasks,
      capacityProviderStrategy: [
        { capacityProvider: props.spot ? "FARGATE_SPOT" : "FARGATE", weight: 1 },
      ],
      platformVersion: "LATEST",
      networkConfiguration: {
        subnets: props.subnetIds,
        securityGroups: [securityGroup.id],
        assignPublicIp: false,
      },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: props.minimumHealthyPercent ?? 100,
      deploymentMaximumPercent: props.maximumPercent ?? 200,
      ...(props.loadBalancer
        ? {
            loadBalancer: [
              {
                targetGroupArn: props.loadBalancer.targetGroupArn,
                containerName: props.container.name,
                containerPort: props.loadBalancer.containerPort,
              },
            ],
            healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds ?? 120,
          }
        : {}),
      serviceConnectConfiguration: {
        enabled: true,
        namespace: props.cluster.namespaceArn,
        service: props.serviceConnect
          ? [
              {
                portName: props.serviceConnect.portName,
                discoveryName: props.serviceConnect.dnsName,
                clientAlias: {
                  dnsName: props.serviceConnect.dnsName,
                  port: props.serviceConnect.port,
                },
                // The proxy's HTTP default cuts a request off after 15 s: too short for a large
                // upload scanned by av or a long API export. 0 lifts the per-request limit (the
                // load balancers still bound public requests).
                ...(props.serviceConnect.http
                  ? { timeout: { perRequestTimeoutSeconds: 0, idleTimeoutSeconds: 600 } }
                  : {}),
              },
            ]
          : undefined,
      },
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      enableExecuteCommand: props.enableExecuteCommand ?? false,
      tags: props.tags,
      // Autoscaling owns the count once the service exists.
      lifecycle: props.scaling ? { ignoreChanges: ["desired_count"] } : undefined,
      dependsOn: [
        ...props.cluster.ready,
        ...(props.loadBalancer?.dependsOn ?? []),
        ...(props.startAfter ?? []).map((callee) => callee.service),
      ],
    });
    this.service = service;

    if (props.scaling) {
      const target = new AppautoscalingTarget(this, "scaling-target", {
        serviceNamespace: "ecs",
        resourceId: `service/${props.cluster.clusterName}/${service.name}`,
        scalableDimension: "ecs:service:DesiredCount",
        minCapacity: props.scaling.minCount,
        maxCapacity: props.scaling.maxCount,
      });
      new AppautoscalingPolicy(this, "cpu-scaling", {
        name: `${fullName}-cpu`,
        policyType: "TargetTrackingScaling",
        serviceNamespace: target.serviceNamespace,
        resourceId: target.resourceId,
        scalableDimension: target.scalableDimension,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: props.scaling.targetCpuPercent,
          predefinedMetricSpecification: {
            predefinedMetricType: "ECSServiceAverageCPUUtilization",
          },
          scaleOutCooldown: 60,
          // Scale in slowly: a JVM that just started is not a spare to drop.
          scaleInCooldown: 300,
        },
      });
    }
  }

  /** Admits `port` from the members of `peer`. */
  allowFrom(peer: SecurityGroupPeer, port: number): void {
    new VpcSecurityGroupIngressRule(this, `from-${peer.peerName}-${port}`, {
      securityGroupId: this.securityGroupId,
      description: `${peer.peerName} to port ${port}`,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: peer.securityGroupId,
    });
  }

  /**
   * Lets the tasks open connections to `port` on the members of `peer`. HTTPS needs no rule of
   * its own where the tasks may already reach 443 anywhere (no `httpsEgress`).
   */
  allowTo(peer: SecurityGroupPeer, port: number): void {
    if (port === 443 && !this.httpsRestricted) return;
    new VpcSecurityGroupEgressRule(this, `to-${peer.peerName}-${port}`, {
      securityGroupId: this.securityGroupId,
      description: `to ${peer.peerName} on port ${port}`,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: peer.securityGroupId,
    });
  }
}
