import { Construct } from "constructs";
import type { ComputeConfig } from "../../config/compute";
import type { AwsEnv } from "../core/aws-env";
import { DnsValidatedCertificate, loadBalancerAlias } from "../dns";
import type { DocumentDbCluster } from "../documentdb";
import type { GitanaTaskRoles } from "../iam";
import { GitanaLoadBalancer, type GitanaLoadBalancerProps } from "../loadbalancing";
import { GitanaWebAcl } from "../loadbalancing/web-acl";
import type { AwsApiPaths } from "../network";
import type { OpenSearchDomain } from "../opensearch";
import type { GitanaSecretName } from "../secrets";
import { GitanaCluster, type EcsClusterRef } from "./cluster";
import { GitanaFargateService } from "./fargate-service";
import { RestartOnSecretChange } from "./restart-on-secret-change";
import type { SessionStoreRef } from "./session-store";
import {
  antivirusServerContainer,
  API_CLUSTER_PORT,
  API_PORT,
  apiServerContainer,
  AV_PORT,
  CLAMAV_PORT,
  clamavContainer,
  configSyncContainer,
  SERVICE_CONNECT_HTTP_PORT,
  UI_PORT,
  uiServerContainer,
  withConfigHash,
} from "./gitana-containers";

export { GitanaCluster } from "./cluster";
export { GitanaFargateService } from "./fargate-service";
export type { SessionStoreRef } from "./session-store";

/**
 * The services that face users through a load balancer. av has none: only api and api-worker
 * call it, through Service Connect (http://av:80), and a load balancer would let anything in
 * the VPC reach a server that parses untrusted uploads.
 */
export const PUBLIC_SERVICES = ["api", "ui"] as const;
export type PublicService = (typeof PUBLIC_SERVICES)[number];

export interface GitanaComputeProps {
  readonly aws: AwsEnv;
  /** Prefix of the names, e.g. `gitana-prod`; also the ECS cluster's name. */
  readonly name: string;
  readonly config: ComputeConfig;
  readonly network: {
    readonly vpcId: string;
    readonly vpcCidr: string;
    readonly publicSubnetIds: string[];
    readonly privateSubnetIds: string[];
    /** The VPC's private paths to the AWS APIs, when it has them. @default - none */
    readonly awsApiPaths?: AwsApiPaths;
  };
  readonly roles: GitanaTaskRoles;
  readonly configBucket: { readonly bucketName: string; readonly prefix: string };
  readonly accessLogs: GitanaLoadBalancerProps["accessLogs"];
  readonly documentDb: DocumentDbCluster;
  readonly openSearch: OpenSearchDomain;
  readonly notificationQueueUrl: string;
  /** Hash of the config files each consumer reads (see gitana-config), to roll services on change. */
  readonly configHashes: Readonly<Record<"api" | "ui", string>>;
  /** The tag the API servers find each other by (cluster.aws.tag.key/value). */
  readonly clusterTag: { readonly key: string; readonly value: string };
  readonly secretArns: Readonly<Record<GitanaSecretName, string>>;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  /** An ECS cluster of yours (with FARGATE and FARGATE_SPOT attached). @default - a new one */
  readonly existingCluster?: EcsClusterRef;
  /** Load balancer deletion protection. */
  readonly deletionProtection: boolean;
  /** `aws ecs execute-command` into the tasks. */
  readonly enableExecuteCommand: boolean;
  /**
   * The store the ui tasks share sessions, caches, locks and broadcasts through; required when
   * the ui can run more than one task. @default - none: one ui task keeps them in process
   */
  readonly sessionStore?: SessionStoreRef;
}

/**
 * Gitana's running layer: the ECS cluster, the five services (api web tier, api-worker, ui, av,
 * clamav), a load balancer in front of api, ui and av, TLS and DNS when a domain is configured,
 * and the network paths between them, opened only where one service calls another.
 */
export class GitanaCompute extends Construct {
  /** Ours, or yours (props.existingCluster). */
  readonly cluster: EcsClusterRef;
  readonly services: Readonly<
    Record<"api" | "apiWorker" | "ui" | "av" | "clamav", GitanaFargateService>
  >;
  readonly loadBalancers: Readonly<Record<PublicService, GitanaLoadBalancer>>;
  /** The URL users reach each public service at. */
  readonly urls: Readonly<Record<PublicService, string>>;
  /** The WAF web ACL in front of the internet-facing load balancers, when configured. */
  readonly webAcl?: GitanaWebAcl;
  /** Rolls the services that read secrets when one of those secrets gets a new value. */
  readonly secretRestarts: RestartOnSecretChange;

  constructor(scope: Construct, id: string, props: GitanaComputeProps) {
    super(scope, id);
    const { config, aws, name } = props;
    const domain = config.domain;
    this.cluster = props.existingCluster ?? new GitanaCluster(this, "cluster", { name });

    const certificateArn = domain
      ? new DnsValidatedCertificate(this, "certificate", {
          domainName: domain.name,
          hostNames: PUBLIC_SERVICES,
          hostedZoneId: domain.hostedZoneId,
        }).certificateArn
      : undefined;
    const loadBalancer = (service: PublicService, targetPort: number, healthCheckPath: string) => {
      const settings = config.loadBalancers[service];
      return new GitanaLoadBalancer(this, `${service}-lb`, {
        name: `${name}-${service}`,
        vpcId: props.network.vpcId,
        subnetIds: settings.internetFacing
          ? props.network.publicSubnetIds
          : props.network.privateSubnetIds,
        internetFacing: settings.internetFacing,
        allowedCidrs:
          settings.allowedCidrs ??
          (settings.internetFacing ? ["0.0.0.0/0"] : [props.network.vpcCidr]),
        targetPort,
        healthCheckPath,
        certificateArn,
        // One prefix for all three: ALB log object keys carry the load balancer's id.
        accessLogs: props.accessLogs,
        deletionProtection: props.deletionProtection,
        idleTimeoutSeconds: settings.idleTimeoutSeconds,
        // The UI's socket.io connections must come back to the task that holds them.
        stickySessions: service === "ui" && props.sessionStore !== undefined,
      });
    };
    this.loadBalancers = {
      api: loadBalancer("api", API_PORT, "/ping"),
      ui: loadBalancer("ui", UI_PORT, "/"),
    };

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

    if (config.webAcl) {
      this.webAcl = new GitanaWebAcl(this, "web-acl", {
        name,
        loadBalancerArns: PUBLIC_SERVICES.filter((s) => config.loadBalancers[s].internetFacing).map(
          (s) => this.loadBalancers[s].arn,
        ),
        logRetentionDays: props.logRetentionDays,
        logsKmsKeyArn: props.logsKmsKeyArn,
      });
    }

    const common = {
      aws,
      name,
      cluster: this.cluster,
      vpcId: props.network.vpcId,
      subnetIds: props.network.privateSubnetIds,
      cpuArchitecture: config.cpuArchitecture,
      executionRole: props.roles.executionRole,
      logRetentionDays: props.logRetentionDays,
      logsKmsKeyArn: props.logsKmsKeyArn,
      enableExecuteCommand: props.enableExecuteCommand,
    };
    const sizing = (service: ComputeConfig["services"][keyof ComputeConfig["services"]]) =>
      "minCount" in service
        ? { cpu: service.cpu, memory: service.memory, spot: service.spot, scaling: service }
        : {
            cpu: service.cpu,
            memory: service.memory,
            spot: service.spot,
            desiredCount: service.desiredCount,
          };
    const behind = (lb: GitanaLoadBalancer, containerPort: number) => ({
      targetGroupArn: lb.targetGroupArn,
      containerPort,
      dependsOn: [lb.listener],
    });
    const initContainer = configSyncContainer(
      config.images.awsCli,
      props.configBucket.bucketName,
      props.configBucket.prefix,
    );
    const secret = props.secretArns;
    // What every vendor example gives the API and the UI alike (gitana/sdk
    // containers/32/kubernetes/*/ui.yaml `envFrom: gitana-env`, containers/32/ecs/simple/ui.json
    // syncing all of config/): root.properties, the key that decrypts it, and the licence.
    const gitanaSecrets = {
      GITANA_ROOT_PROPERTIES: secret.rootProperties,
      GITANA_PROPERTIES_PRIVATE_KEY: secret.propertiesPrivateKey,
      GITANA_LICENSE: secret.license,
    };
    const apiServer = (jobDispatcher: boolean) =>
      apiServerContainer({
        image: config.images.apiServer,
        jobDispatcher,
        apiUrl: this.urls.api,
        secrets: {
          ...gitanaSecrets,
          GITANA_CLUSTER_GROUP_PASSWORD: secret.clusterGroupPassword,
          DOCUMENTDB_USERNAME: `${props.documentDb.masterUserSecretArn}:username::`,
          DOCUMENTDB_PASSWORD: `${props.documentDb.masterUserSecretArn}:password::`,
        },
      });
    // The API servers find each other through this tag (cluster.aws.tag.key/value).
    const clusterTag = { [props.clusterTag.key]: props.clusterTag.value };

    // av and clamav parse untrusted uploads: where the VPC has private paths to the AWS APIs,
    // they reach only those, and clamav the signature mirror besides. Without them (no interface
    // endpoints) the AWS APIs are behind NAT, and 443 stays open.
    const paths = props.network.awsApiPaths;
    const untrustedContentEgress = (cidrs: readonly string[]) =>
      paths && {
        endpointSecurityGroupId: paths.endpointSecurityGroupId,
        s3PrefixListId: paths.s3PrefixListId,
        cidrs,
      };

    // Created callee first: Service Connect resolves only the endpoints that existed when a task
    // started, so a caller started before its callee could not reach it until it restarts.
    const clamav = new GitanaFargateService(this, "clamav", {
      ...common,
      ...sizing(config.services.clamav),
      serviceName: "clamav",
      taskRole: props.roles.antivirusRole,
      container: clamavContainer(config.images.clamav),
      httpsEgress: untrustedContentEgress(config.clamavSignatureMirrorCidrs),
      serviceConnect: { portName: "clamd", dnsName: "clamav", port: CLAMAV_PORT, http: false },
    });
    const av = new GitanaFargateService(this, "av", {
      ...common,
      ...sizing(config.services.av),
      serviceName: "av",
      taskRole: props.roles.antivirusRole,
      container: antivirusServerContainer(
        config.images.antivirusServer,
        secret.antivirusCredentials,
      ),
      httpsEgress: untrustedContentEgress([]),
      serviceConnect: {
        portName: "http",
        dnsName: "av",
        port: SERVICE_CONNECT_HTTP_PORT,
        http: true,
      },
      startAfter: [clamav],
    });
    const api = new GitanaFargateService(this, "api", {
      ...common,
      ...sizing(config.services.api),
      serviceName: "api",
      taskRole: props.roles.nodeRole,
      container: withConfigHash(apiServer(false), props.configHashes.api),
      initContainer,
      serviceConnect: {
        portName: "http",
        dnsName: "api",
        port: SERVICE_CONNECT_HTTP_PORT,
        http: true,
      },
      loadBalancer: behind(this.loadBalancers.api, API_PORT),
      // A JVM with a cold cache takes minutes before /ping answers.
      healthCheckGracePeriodSeconds: 300,
      tags: clusterTag,
      startAfter: [av],
    });
    const apiWorker = new GitanaFargateService(this, "api-worker", {
      ...common,
      ...sizing(config.services.apiWorker),
      serviceName: "api-worker",
      taskRole: props.roles.nodeRole,
      container: withConfigHash(apiServer(true), props.configHashes.api),
      initContainer,
      tags: clusterTag,
      startAfter: [av],
    });
    const ui = new GitanaFargateService(this, "ui", {
      ...common,
      ...sizing(config.services.ui),
      serviceName: "ui",
      taskRole: props.roles.uiRole,
      container: withConfigHash(
        uiServerContainer({
          image: config.images.uiServer,
          notificationQueueUrl: props.notificationQueueUrl,
          region: aws.region,
          sessionStoreUrl: props.sessionStore?.url,
          secrets: gitanaSecrets,
        }),
        props.configHashes.ui,
      ),
      initContainer,
      serviceConnect: {
        portName: "http",
        dnsName: "ui",
        port: SERVICE_CONNECT_HTTP_PORT,
        http: true,
      },
      loadBalancer: behind(this.loadBalancers.ui, UI_PORT),
      startAfter: [api],
    });
    this.services = { api, apiWorker, ui, av, clamav };
    this.secretRestarts = new RestartOnSecretChange(this, "restart-on-secret-change", {
      aws,
      name,
      cluster: this.cluster,
      // A rotated DocumentDB password (every 7 days) and new av credentials roll their readers.
      // The Gitana secrets an operator puts start a reader only while none of its tasks runs: the
      // first deploy (docs/first-deploy.md). Later changes stay the operator's coordinated restart
      // (docs/operations.md, "Secrets"): running API servers are never rolled onto new cluster secrets.
      rollingRestartSecretArns: [props.documentDb.masterUserSecretArn, secret.antivirusCredentials],
      readers: [
        ...[api, apiWorker].map((service) => ({
          service,
          secretArns: [
            props.documentDb.masterUserSecretArn,
            ...Object.values(gitanaSecrets),
            secret.clusterGroupPassword,
          ],
        })),
        { service: ui, secretArns: Object.values(gitanaSecrets) },
        { service: av, secretArns: [secret.antivirusCredentials] },
      ],
      logRetentionDays: props.logRetentionDays,
      logsKmsKeyArn: props.logsKmsKeyArn,
    });

    // Who may reach whom. Every path is opened on both ends: egress of the caller, ingress of the callee.
    const connect = (from: GitanaFargateService, to: GitanaFargateService, port: number) => {
      from.allowTo(to.serviceName, to.securityGroupId, port);
      to.allowFrom(from.serviceName, from.securityGroupId, port);
    };
    for (const [service, lb, port] of [
      [api, this.loadBalancers.api, API_PORT],
      [ui, this.loadBalancers.ui, UI_PORT],
    ] as const) {
      lb.allowToTargets(service.securityGroupId);
      service.allowFrom(`${service.serviceName}-lb`, lb.securityGroupId, port);
    }
    connect(ui, api, API_PORT);
    for (const member of [api, apiWorker]) {
      // The Hazelcast cluster: every API member talks to every other, in both tiers.
      for (const peer of [api, apiWorker]) connect(member, peer, API_CLUSTER_PORT);
      connect(member, av, AV_PORT);
      props.documentDb.allowFrom(member.serviceName, member.securityGroupId);
      member.allowTo("documentdb", props.documentDb.securityGroupId, props.documentDb.port);
      // OpenSearch listens on 443, which the tasks' egress already allows.
      props.openSearch.allowFrom(member.serviceName, member.securityGroupId);
    }
    connect(av, clamav, CLAMAV_PORT);
    if (props.sessionStore) {
      ui.allowTo("session-store", props.sessionStore.securityGroupId, props.sessionStore.port);
      props.sessionStore.allowFrom(ui.serviceName, ui.securityGroupId);
    }

    const all = Object.values(this.services);
    props.roles.grantTaskLogs(all.map((s) => s.logGroupArn));
    props.roles.grantImagePull(all.flatMap((s) => s.images));
    props.roles.grantRepositoryCredentialsRead(all.flatMap((s) => s.repositoryCredentials));
  }
}
