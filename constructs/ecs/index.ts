import { Construct } from "constructs";
import type { AwsEnv } from "../core/aws-env";
import { openPath, type Reachable } from "../core/security-group";
import { DnsValidatedCertificate, loadBalancerAlias } from "../dns";
import type { GitanaTaskRoles } from "../iam";
import type { ConfigConsumer } from "../gitana-config";
import { GitanaLoadBalancer, type GitanaLoadBalancerProps } from "../loadbalancing";
import { GitanaWebAcl } from "../loadbalancing/web-acl";
import type { AwsApiPaths } from "../network";
import { GitanaCluster, type EcsClusterRef } from "./cluster";
import { GitanaFargateService, type GitanaFargateServiceProps } from "./fargate-service";
import { RestartOnSecretChange } from "./restart-on-secret-change";
import type { SessionStoreRef } from "./session-store";
import {
  configSyncContainer,
  withConfigHash,
  type ContainerImage,
  type ImageName,
  type SecretSource,
  type SecretVariable,
} from "./gitana-containers";
import type { DataStoreName } from "./runtime-contract";
import {
  creationOrder,
  GITANA_SERVICES,
  PUBLIC_SERVICES,
  ROLLING_RESTART_SECRETS,
  secretSourcesOf,
  SERVICE_NAMES,
  serviceResourceName,
  type GitanaServiceSpec,
  type PublicService,
  type ServiceInputs,
  type ServiceName,
} from "./services";

export { GitanaCluster } from "./cluster";
export { GitanaFargateService } from "./fargate-service";
export type { SessionStoreRef } from "./session-store";
export type { ContainerImage, ImageName, SecretSource } from "./gitana-containers";
export { PUBLIC_SERVICES, SERVICE_NAMES, type PublicService, type ServiceName } from "./services";

/** A service's task size and count: fixed (`desiredCount`) or scaled on CPU (`scaling`). */
export type ServiceCapacity = Pick<
  GitanaFargateServiceProps,
  "cpu" | "memory" | "spot" | "desiredCount" | "scaling"
>;

/** A public service's load balancer. */
export interface LoadBalancerSettings {
  /** In the public subnets, or internal in the private subnets. */
  readonly internetFacing: boolean;
  /** Who may reach the listeners. @default ["0.0.0.0/0"] internet-facing, the VPC's CIDR internal */
  readonly allowedCidrs?: readonly string[];
  /** Seconds an idle connection stays open. @default 60 (ELB's default) */
  readonly idleTimeoutSeconds?: number;
}

export interface GitanaComputeProps {
  readonly aws: AwsEnv;
  /** Prefix of the names, e.g. `gitana-prod`; also the ECS cluster's name. */
  readonly namePrefix: string;
  readonly network: {
    readonly vpcId: string;
    readonly vpcCidr: string;
    readonly publicSubnetIds: string[];
    readonly privateSubnetIds: string[];
    /** The VPC's private paths to the AWS APIs, when it has them. @default - none */
    readonly awsApiPaths?: AwsApiPaths;
  };
  /** The task roles; each service runs as its table's `role`. */
  readonly roles: GitanaTaskRoles;
  /** The images, each a repository with a pinned tag. */
  readonly images: Readonly<Record<ImageName, ContainerImage>>;
  /** @default "ARM64" (the Gitana images are built for Graviton) */
  readonly cpuArchitecture?: "ARM64" | "X86_64";
  /** Task size and count of each service. */
  readonly services: Readonly<Record<ServiceName, ServiceCapacity>>;
  /** The load balancer of each public service. @default - internet-facing */
  readonly loadBalancers?: Readonly<Partial<Record<PublicService, LoadBalancerSettings>>>;
  /** Public DNS and TLS. @default - none: the load balancers listen on plain HTTP */
  readonly domain?: { readonly name: string; readonly hostedZoneId: string };
  /** An AWS WAF web ACL on the internet-facing load balancers. @default false */
  readonly webAcl?: boolean;
  /** Where clamav may fetch signatures over HTTPS, where the VPC has interface endpoints. @default ["0.0.0.0/0"] */
  readonly clamavSignatureMirrorCidrs?: readonly string[];
  readonly configBucket: { readonly bucketName: string; readonly prefix: string };
  readonly accessLogs: GitanaLoadBalancerProps["accessLogs"];
  /** The security group of the content store the API servers reach. */
  readonly documentDb: Reachable;
  /** The security group of the search domain the API servers reach. */
  readonly openSearch: Reachable;
  readonly notificationQueueUrl: string;
  /** Hash of the config files each consumer reads (see gitana-config), to roll services on change. */
  readonly configHashes: Readonly<Record<ConfigConsumer, string>>;
  /** The tag the API servers find each other by (cluster.aws.tag.key/value). */
  readonly clusterTag: { readonly key: string; readonly value: string };
  /** ARN of each secret the containers read. */
  readonly secretArns: Readonly<Record<SecretSource, string>>;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  /** An ECS cluster of yours (with FARGATE and FARGATE_SPOT attached). @default - a new one */
  readonly existingCluster?: EcsClusterRef;
  /** Load balancer deletion protection. @default false */
  readonly deletionProtection?: boolean;
  /** `aws ecs execute-command` into the tasks. @default false */
  readonly enableExecuteCommand?: boolean;
  /**
   * The store the ui tasks share sessions, caches, locks and broadcasts through; required when
   * the ui can run more than one task. @default - none: one ui task keeps them in process
   */
  readonly sessionStore?: SessionStoreRef;
}

/**
 * Gitana's running layer: the ECS cluster, the services of GITANA_SERVICES (api web tier,
 * api-worker, ui, av, clamav), a load balancer in front of each public one, TLS and DNS when a
 * domain is configured, and the network paths between them, opened only where the runtime
 * contract says one service calls another.
 */
export class GitanaCompute extends Construct {
  /** Ours, or yours (props.existingCluster). */
  readonly cluster: EcsClusterRef;
  readonly services: Readonly<Record<ServiceName, GitanaFargateService>>;
  readonly loadBalancers: Readonly<Record<PublicService, GitanaLoadBalancer>>;
  /** The URL users reach each public service at. */
  readonly urls: Readonly<Record<PublicService, string>>;
  /** The WAF web ACL in front of the internet-facing load balancers, when configured. */
  readonly webAcl?: GitanaWebAcl;
  /** Rolls the services that read secrets when one of those secrets gets a new value. */
  readonly secretRestarts: RestartOnSecretChange;

  constructor(scope: Construct, id: string, props: GitanaComputeProps) {
    super(scope, id);
    const { namePrefix, domain } = props;
    const ui = props.services.ui;
    if ((ui.scaling?.maxCount ?? ui.desiredCount ?? 0) > 1 && !props.sessionStore) {
      throw new Error(
        `${this.node.path}: the ui can run ${ui.scaling?.maxCount ?? ui.desiredCount} tasks; give it a sessionStore, or at most one task (its sessions, caches and locks live in process)`,
      );
    }
    this.cluster =
      props.existingCluster ?? new GitanaCluster(this, "cluster", { name: namePrefix });
    const lbSettings = (service: PublicService): LoadBalancerSettings =>
      props.loadBalancers?.[service] ?? { internetFacing: true };

    const certificateArn = domain
      ? new DnsValidatedCertificate(this, "certificate", {
          domainName: domain.name,
          hostNames: PUBLIC_SERVICES,
          hostedZoneId: domain.hostedZoneId,
        }).certificateArn
      : undefined;
    this.loadBalancers = Object.fromEntries(
      PUBLIC_SERVICES.map((service) => {
        const settings = lbSettings(service);
        const { port, healthCheckPath } = GITANA_SERVICES[service].loadBalancer;
        const lb = new GitanaLoadBalancer(this, `${service}-lb`, {
          name: `${namePrefix}-${service}`,
          vpcId: props.network.vpcId,
          subnetIds: settings.internetFacing
            ? props.network.publicSubnetIds
            : props.network.privateSubnetIds,
          internetFacing: settings.internetFacing,
          allowedCidrs: [
            ...(settings.allowedCidrs ??
              (settings.internetFacing ? ["0.0.0.0/0"] : [props.network.vpcCidr])),
          ],
          targetPort: port,
          healthCheckPath,
          certificateArn,
          // One prefix for all: ALB log object keys carry the load balancer's id.
          accessLogs: props.accessLogs,
          deletionProtection: props.deletionProtection ?? false,
          idleTimeoutSeconds: settings.idleTimeoutSeconds,
          // The UI's socket.io connections must come back to the task that holds them.
          stickySessions: service === "ui" && props.sessionStore !== undefined,
        });
        return [service, lb];
      }),
    ) as Record<PublicService, GitanaLoadBalancer>;

    this.urls = Object.fromEntries(
      PUBLIC_SERVICES.map((service) => {
        const lb = this.loadBalancers[service];
        if (!domain) return [service, `http://${lb.dnsName}`];
        const host = `${service}.${domain.name}`;
        loadBalancerAlias(this, `${service}-alias`, {
          hostedZoneId: domain.hostedZoneId,
          recordName: host,
          loadBalancerDnsName: lb.dnsName,
          loadBalancerZoneId: lb.zoneId,
        });
        return [service, `https://${host}`];
      }),
    ) as Record<PublicService, string>;

    if (props.webAcl) {
      this.webAcl = new GitanaWebAcl(this, "web-acl", {
        namePrefix,
        loadBalancerArns: PUBLIC_SERVICES.filter((s) => lbSettings(s).internetFacing).map(
          (s) => this.loadBalancers[s].arn,
        ),
        logRetentionDays: props.logRetentionDays,
        logsKmsKeyArn: props.logsKmsKeyArn,
      });
    }

    this.services = this.createServices(props);
    this.secretRestarts = this.restartOnSecretChange(props);
    this.openPaths(props);
  }

  /** One GitanaFargateService per row of GITANA_SERVICES, callee first. */
  private createServices(props: GitanaComputeProps): Record<ServiceName, GitanaFargateService> {
    const inputs: ServiceInputs = {
      images: props.images,
      region: props.aws.region,
      urls: this.urls,
      notificationQueueUrl: props.notificationQueueUrl,
      sessionStoreUrl: props.sessionStore?.url,
      clamavSignatureMirrorCidrs: props.clamavSignatureMirrorCidrs ?? ["0.0.0.0/0"],
    };
    const initContainer = configSyncContainer(
      props.images.awsCli,
      props.configBucket.bucketName,
      props.configBucket.prefix,
    );
    // Where the VPC has private paths to the AWS APIs, a service that parses untrusted uploads
    // reaches only those (and the CIDRs its row names). Without them (no interface endpoints)
    // the AWS APIs are behind NAT, and 443 stays open.
    const paths = props.network.awsApiPaths;
    const services = {} as Record<ServiceName, GitanaFargateService>;
    for (const name of creationOrder()) {
      const spec: GitanaServiceSpec = GITANA_SERVICES[name];
      const container = {
        ...spec.container(inputs),
        secrets: secretVariables(spec.secrets, props.secretArns),
      };
      const lb = spec.loadBalancer && {
        ...spec.loadBalancer,
        target: this.loadBalancers[name as PublicService],
      };
      services[name] = new GitanaFargateService(this, serviceResourceName(name), {
        ...props.services[name],
        aws: props.aws,
        namePrefix: props.namePrefix,
        serviceName: serviceResourceName(name),
        cluster: this.cluster,
        vpcId: props.network.vpcId,
        subnetIds: props.network.privateSubnetIds,
        cpuArchitecture: props.cpuArchitecture ?? "ARM64",
        executionRole: props.roles.executionRole,
        taskRole: props.roles.containerRoles[spec.role],
        container: spec.configFiles
          ? withConfigHash(container, props.configHashes[spec.configFiles])
          : container,
        initContainer: spec.configFiles ? initContainer : undefined,
        serviceConnect: spec.serviceConnect,
        loadBalancer: lb && {
          targetGroupArn: lb.target.targetGroupArn,
          containerPort: lb.port,
          dependsOn: [lb.target.listener],
        },
        healthCheckGracePeriodSeconds: lb?.healthCheckGracePeriodSeconds,
        // The API servers find each other through this tag (cluster.aws.tag.key/value).
        tags: spec.clusterMember ? { [props.clusterTag.key]: props.clusterTag.value } : undefined,
        httpsEgress:
          spec.untrustedContent && paths
            ? {
                endpointSecurityGroupId: paths.endpointSecurityGroupId,
                s3PrefixListId: paths.s3PrefixListId,
                cidrs: spec.untrustedContent.httpsCidrs(inputs),
              }
            : undefined,
        startAfter: spec.startAfter.map((callee) => services[callee]),
        logRetentionDays: props.logRetentionDays,
        logsKmsKeyArn: props.logsKmsKeyArn,
        enableExecuteCommand: props.enableExecuteCommand ?? false,
      });
    }
    // In table order, as everyone who lists the services expects.
    return Object.fromEntries(
      SERVICE_NAMES.map((name) => [name, services[name]]),
    ) as typeof services;
  }

  /**
   * Every service that reads secrets is a reader. A new value of a rolling-restart secret rolls
   * its readers; the Gitana secrets an operator puts start a reader only while none of its tasks
   * runs: the first deploy (docs/first-deploy.md).
   */
  private restartOnSecretChange(props: GitanaComputeProps): RestartOnSecretChange {
    const readers = SERVICE_NAMES.filter((name) => secretSourcesOf(name).length > 0);
    const rolling = [...new Set(readers.flatMap(secretSourcesOf))].filter((source) =>
      ROLLING_RESTART_SECRETS.includes(source),
    );
    return new RestartOnSecretChange(this, "restart-on-secret-change", {
      aws: props.aws,
      namePrefix: props.namePrefix,
      cluster: this.cluster,
      rollingRestartSecretArns: rolling.map((source) => props.secretArns[source]),
      readers: readers.map((name) => ({
        service: this.services[name],
        secretArns: secretSourcesOf(name).map((source) => props.secretArns[source]),
      })),
      logRetentionDays: props.logRetentionDays,
      logsKmsKeyArn: props.logsKmsKeyArn,
    });
  }

  /**
   * Who may reach whom: each load balancer its service, and each service what its contract's
   * `connects` names among the services and data stores. A store an env lacks is skipped only
   * where the contract row says when it exists.
   */
  private openPaths(props: GitanaComputeProps): void {
    for (const service of PUBLIC_SERVICES) {
      const { port } = GITANA_SERVICES[service].loadBalancer;
      openPath(this.loadBalancers[service], this.services[service], port);
    }
    const stores: Readonly<Record<DataStoreName, Reachable | undefined>> = {
      documentdb: props.documentDb,
      opensearch: props.openSearch,
      "session-store": props.sessionStore?.securityGroup,
    };
    for (const name of SERVICE_NAMES) {
      for (const connection of GITANA_SERVICES[name].contract.connects) {
        const to = connection.to;
        if (typeof to !== "string" || to === "internet") continue;
        const target =
          to in stores ? stores[to as DataStoreName] : this.services[to as ServiceName];
        if (!target) {
          if (connection.when) continue;
          throw new Error(`${this.node.path}: ${name} needs ${to}, which this env lacks`);
        }
        openPath(this.services[name], target, connection.port);
      }
    }
  }
}

/** Env var -> Secrets Manager valueFrom (`<arn>:<json key>::` for one key of a JSON secret). */
function secretVariables(
  secrets: Readonly<Record<string, SecretVariable>>,
  arns: Readonly<Record<SecretSource, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(secrets).map(([envVar, { from, jsonKey }]) => [
      envVar,
      jsonKey ? `${arns[from]}:${jsonKey}::` : arns[from],
    ]),
  );
}
