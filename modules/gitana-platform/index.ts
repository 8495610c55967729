import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { Construct } from "constructs";
import { PROJECT_ROOT } from "../../config/gitana-config";
import { DEFAULT_SESSION_STORE } from "../../config/session-store";
import { keepsData } from "../../config/data-layer";
import type { PlatformEnvConfig } from "../../config/schema";
import { arn, awsEnv, type AwsEnv } from "../core/aws-env";
import { createAwsProvider } from "../core/provider";
import { removedWithoutDestroy } from "../core/moved";
import { DocumentDbCluster } from "../documentdb";
import { GitanaCompute } from "../ecs";
import { GitanaConfigFiles } from "../gitana-config";
import { GitanaTaskRoles } from "../iam";
import {
  cloudWatchAlarmsAccess,
  cloudWatchLogsAccess,
  EncryptionKey,
  eventBridgeAccess,
  snsAccessForEncryptedQueues,
} from "../kms";
import { GitanaMessaging } from "../messaging";
import { GitanaAlarms } from "../monitoring";
import { GitanaNetwork, type NetworkOutputs } from "../network";
import type { PolicyStatement } from "../core/grants";
import { platformAlarms } from "./alarms";
import { adoptExistingResources } from "./imports";
import { RemoteValues } from "./remote-values";
import { OpenSearchDomain } from "../opensearch";
import { GitanaSecrets } from "../secrets";
import { ValkeySessionStore } from "../session-store";
import { CONFIG_PREFIX, GitanaStorage, LOAD_BALANCER_LOG_PREFIX } from "../storage";
import { createRemoteStateBackend } from "./backend";
import { computeSettings } from "./compute-props";
import { grantPlatformAccess } from "./grants";
import { exportPlatformOutputs } from "./outputs";

export interface GitanaPlatformProps {
  /** The env's validated config (see config/load.ts). */
  readonly config: PlatformEnvConfig;
  /**
   * Build a root module (with its provider and S3 backend), or a child module that a Terraform
   * root of yours calls with its own provider (module mode, scripts/synth-module.ts).
   * @default true
   */
  readonly rootModule?: boolean;
  /**
   * Account, region and partition, when they are not the config's literals (module mode reads
   * them from the calling root's provider).
   * @default - from config.accountId and config.region
   */
  readonly aws?: AwsEnv;
}

/** A KMS key by ARN: one of the env's own, or yours. */
export interface KeyRef {
  readonly keyArn: string;
}

/** The env's encryption keys, one per kind of data, so a key policy grants no more than its kind needs. */
export interface PlatformKeys {
  readonly logs: KeyRef;
  readonly data: KeyRef;
  readonly messaging: KeyRef;
  readonly secrets: KeyRef;
}

/**
 * Everything one Gitana environment needs, composed from the layer modules in dependency order.
 * This construct only wires typed outputs of one layer into typed props of the next, and lets
 * each owner grant access to its resources.
 */
export class GitanaPlatform extends Construct {
  /** `<namePrefix>-<env>`: the prefix of every resource name. */
  readonly namePrefix: string;
  readonly keys: PlatformKeys;
  /** Ours (a GitanaNetwork) or yours (config existingNetwork). */
  readonly network: NetworkOutputs;
  readonly roles: GitanaTaskRoles;
  readonly storage: GitanaStorage;
  readonly documentDb: DocumentDbCluster;
  readonly openSearch: OpenSearchDomain;
  readonly messaging: GitanaMessaging;
  readonly secrets: GitanaSecrets;
  readonly gitanaConfig: GitanaConfigFiles;
  /** The ui tasks' shared state; only where the ui can run more than one task. */
  readonly sessionStore?: ValkeySessionStore;
  readonly compute: GitanaCompute;
  readonly alarms: GitanaAlarms;

  constructor(scope: Construct, id: string, props: GitanaPlatformProps) {
    super(scope, id);
    const { config } = props;
    const aws = props.aws ?? awsEnv(config.accountId, config.region);
    const namePrefix = `${config.namePrefix}-${config.env}`;
    const { preventDestroy, deletionProtection } = config.protection;
    // A protected env's deleted secrets and keys stay recoverable for the maximum 30 days; only a
    // disposable env (dev) frees them at once (secrets) or after KMS's minimum 7 days (keys).
    const recoverable = keepsData(config.protection);
    this.namePrefix = namePrefix;

    if (props.rootModule ?? true) {
      createAwsProvider(this, { aws, tags: config.tags });
      createRemoteStateBackend(this, config.env, config.stateBackend);
    }

    const remote = new RemoteValues(this, "remote-state");
    // A key of the env's own, unless config names one of yours for that kind.
    const key = (
      kind: keyof PlatformKeys,
      description: string,
      serviceAccess: PolicyStatement[] = [],
    ): KeyRef => {
      const existing = config.existingKeys[kind];
      if (existing !== undefined) {
        // A key this env made before stays (and keeps old data readable): it leaves state only.
        removedWithoutDestroy(this, EncryptionKey.addressesUnder(this, `${kind}-key`));
        return { keyArn: remote.resolve(existing) };
      }
      return new EncryptionKey(this, `${kind}-key`, {
        aws,
        alias: `${namePrefix}-${kind}`,
        description: `${description} of ${namePrefix}`,
        serviceAccess,
        preventDestroy,
        deletionWindowInDays: recoverable ? 30 : 7,
      });
    };
    this.keys = {
      logs: key("logs", "Encrypts the CloudWatch log groups", [cloudWatchLogsAccess(aws)]),
      data: key("data", "Encrypts S3 objects, DocumentDB storage and the OpenSearch domain"),
      messaging: key("messaging", "Encrypts the notification and alarm topics and the queues", [
        snsAccessForEncryptedQueues(aws),
        cloudWatchAlarmsAccess(aws),
        eventBridgeAccess(),
      ]),
      secrets: key("secrets", "Encrypts the Secrets Manager secrets"),
    };
    const logs = {
      logsKmsKeyArn: this.keys.logs.keyArn,
      logRetentionDays: config.logRetentionDays,
    };

    const existing = config.existingNetwork;
    this.network = existing
      ? {
          vpcId: remote.resolve(existing.vpcId),
          vpcCidr: existing.vpcCidr,
          availabilityZones: config.availabilityZones,
          subnetIds: {
            public: existing.subnetIds.public.map((id) => remote.resolve(id)),
            private: existing.subnetIds.private.map((id) => remote.resolve(id)),
            data: existing.subnetIds.data.map((id) => remote.resolve(id)),
          },
        }
      : this.createNetwork(aws, namePrefix, requireNetwork(config), config);

    this.roles = new GitanaTaskRoles(this, "iam", { aws, namePrefix });

    this.storage = new GitanaStorage(this, "storage", {
      aws,
      namePrefix,
      dataKmsKeyArn: this.keys.data.keyArn,
      logRetentionDays: config.logRetentionDays,
      preventDestroy,
      // An env that protects nothing (dev) is torn down with `cdktf destroy`, objects and all.
      disposable: !recoverable,
    });

    this.documentDb = new DocumentDbCluster(this, "documentdb", {
      ...config.documentDb,
      ...logs,
      namePrefix,
      vpcId: this.network.vpcId,
      subnetIds: this.network.subnetIds.data,
      availabilityZones: config.availabilityZones,
      kmsKeyArn: this.keys.data.keyArn,
      deletionProtection,
      preventDestroy,
    });

    this.openSearch = new OpenSearchDomain(this, "opensearch", {
      ...config.openSearch,
      ...logs,
      aws,
      namePrefix,
      vpcId: this.network.vpcId,
      subnetIds: this.network.subnetIds.data,
      kmsKeyArn: this.keys.data.keyArn,
      masterUserArn: this.roles.nodeRole.roleArn,
      preventDestroy,
    });

    this.messaging = new GitanaMessaging(this, "messaging", {
      aws,
      namePrefix,
      kmsKeyArn: this.keys.messaging.keyArn,
    });

    this.secrets = new GitanaSecrets(this, "secrets", {
      aws,
      namePrefix,
      kmsKeyArn: this.keys.secrets.keyArn,
      // Dev's deleted secrets are gone at once, so a rebuilt env can reuse the names.
      recoveryWindowDays: recoverable ? 30 : 0,
    });

    // The API servers find each other through this tag; the properties name it, the services carry it.
    const clusterTag = {
      key: config.compute.apiCluster.tagKey,
      value: config.compute.apiCluster.tagValue ?? namePrefix,
    };
    this.gitanaConfig = new GitanaConfigFiles(this, "gitana-config", {
      bucketName: this.storage.configBucket.bucketName,
      prefix: CONFIG_PREFIX,
      kmsKeyArn: this.keys.data.keyArn,
      values: {
        env: config.env,
        region: aws.region,
        documentDbHost: this.documentDb.endpoint,
        documentDbPort: String(this.documentDb.port),
        openSearchHost: this.openSearch.endpoint,
        openSearchDomainName: this.openSearch.domainName,
        notificationTopicArn: this.messaging.topicArn,
        binaryBucketName: this.storage.binaryBucket.bucketName,
        clusterGroupName: namePrefix,
        clusterTagKey: clusterTag.key,
        clusterTagValue: clusterTag.value,
      },
      derivedProperties: apiClusterProperties(config.compute.apiCluster.memberCount),
      extraProperties: config.gitanaConfig.extraProperties,
      extraFiles: readExtraFiles(config.gitanaConfig.extraFiles),
    });

    // One ui task keeps sessions, caches and locks in process; two or more must share them.
    if (config.compute.services.ui.maxCount > 1) {
      this.sessionStore = new ValkeySessionStore(this, "session-store", {
        ...(config.sessionStore ?? DEFAULT_SESSION_STORE),
        ...logs,
        namePrefix,
        vpcId: this.network.vpcId,
        subnetIds: this.network.subnetIds.data,
        kmsKeyArn: this.keys.data.keyArn,
        // Where the env protects data: a replica in another AZ, failover, a week of snapshots.
        nodeCount: deletionProtection ? 2 : 1,
        snapshotRetentionDays: deletionProtection ? 7 : 0,
        preventDestroy,
      });
    }

    this.compute = new GitanaCompute(this, "compute", {
      ...computeSettings(config.compute),
      aws,
      namePrefix,
      network: {
        vpcId: this.network.vpcId,
        vpcCidr: this.network.vpcCidr,
        publicSubnetIds: this.network.subnetIds.public,
        privateSubnetIds: this.network.subnetIds.private,
        awsApiPaths: this.network.awsApiPaths,
      },
      roles: this.roles,
      configBucket: { bucketName: this.storage.configBucket.bucketName, prefix: CONFIG_PREFIX },
      accessLogs: {
        bucketName: this.storage.accessLogBucket.bucketName,
        prefix: LOAD_BALANCER_LOG_PREFIX,
        bucketPolicy: this.storage.accessLogBucket.policy,
      },
      documentDb: this.documentDb.securityGroup,
      openSearch: this.openSearch.securityGroup,
      notificationQueueUrl: this.messaging.queueUrl,
      configHashes: {
        api: this.gitanaConfig.contentHash("api"),
        ui: this.gitanaConfig.contentHash("ui"),
      },
      clusterTag,
      secretArns: {
        ...this.secrets.secretArns,
        documentDbMaster: this.documentDb.masterUserSecretArn,
      },
      ...logs,
      deletionProtection,
      enableExecuteCommand: config.iam.ecsExec,
      sessionStore: this.sessionStore,
      existingCluster: config.existingEcsCluster && {
        clusterName: config.existingEcsCluster.name,
        clusterArn: arn(aws, "ecs", `cluster/${config.existingEcsCluster.name}`),
        namespaceArn: remote.resolve(config.existingEcsCluster.serviceConnectNamespaceArn),
        ready: [],
      },
    });
    grantPlatformAccess(this, config.iam.ecsExec);

    this.alarms = new GitanaAlarms(this, "alarms", {
      aws,
      namePrefix,
      kmsKeyArn: this.keys.messaging.keyArn,
      emails: config.alarms.emails,
      alarms: platformAlarms(this, config),
      deploymentFailuresOf: { clusterName: this.compute.cluster.clusterName },
    });

    exportPlatformOutputs(this, this);
    adoptExistingResources(this, config.imports);
  }

  private createNetwork(
    aws: AwsEnv,
    namePrefix: string,
    network: NonNullable<PlatformEnvConfig["network"]>,
    config: PlatformEnvConfig,
  ): GitanaNetwork {
    return new GitanaNetwork(this, "network", {
      aws,
      namePrefix,
      availabilityZones: config.availabilityZones,
      vpcCidr: network.vpcCidr,
      natStrategy: network.natStrategy,
      subnetPrefixLengths: network.subnetPrefixLengths,
      interfaceEndpoints: network.interfaceEndpoints,
      flowLogRetentionDays: config.logRetentionDays,
      logsKmsKeyArn: this.keys.logs.keyArn,
    });
  }
}

/** The extra config files' text, read from the project (paths validated by the config schema). */
function readExtraFiles(sources: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sources).map(([path, source]) => [
      path,
      readFileSync(isAbsolute(source) ? source : join(PROJECT_ROOT, source), "utf8"),
    ]),
  );
}

/** The network to create; the schema guarantees it is there when existingNetwork is not. */
function requireNetwork(config: PlatformEnvConfig): NonNullable<PlatformEnvConfig["network"]> {
  if (!config.network)
    throw new Error(`env ${config.env}: network is required unless existingNetwork is set`);
  return config.network;
}

/**
 * cluster.cp.membercount turns on Hazelcast's CP subsystem (the strong consistency the guide's
 * clustered examples ask for, gitana/sdk containers/32/kubernetes/clustered/api.yaml). Hazelcast
 * takes 0 (off) or 3 and more, so a single-member env leaves the property out.
 */
export function apiClusterProperties(memberCount: number): Record<string, string> {
  return memberCount === 0 ? {} : { "cluster.cp.membercount": String(memberCount) };
}
