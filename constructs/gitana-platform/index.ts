import { Construct } from "constructs";
import type { PlatformEnvConfig } from "../../config/schema";
import { arn, type AwsEnv } from "../core/aws-env";
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
import { CONFIG_PREFIX } from "../../facts/artifact-names";
import { GitanaStorage, LOAD_BALANCER_LOG_PREFIX } from "../storage";
import { createRemoteStateBackend } from "./backend";
import { grantPlatformAccess } from "./grants";
import { exportPlatformOutputs } from "./outputs";
import { propsFromConfig, type KeyKind } from "./props-from-config";

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
export type PlatformKeys = Readonly<Record<KeyKind, KeyRef>>;

/**
 * Everything one Gitana environment needs, composed from the layer constructs in dependency order.
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
    // The one translation of the env config; below, only settings and the layers' outputs.
    const settings = propsFromConfig(props.config, props.aws);
    const { aws, namePrefix, preventDestroy, deletionProtection, recoverable } = settings;
    this.namePrefix = namePrefix;

    if (props.rootModule ?? true) {
      createAwsProvider(this, { aws, tags: settings.tags });
      createRemoteStateBackend(this, settings.env, settings.stateBackend);
    }

    const remote = new RemoteValues(this, "remote-state");
    // A key of the env's own, unless config names one of yours for that kind.
    const key = (
      kind: keyof PlatformKeys,
      description: string,
      serviceAccess: PolicyStatement[] = [],
    ): KeyRef => {
      const existing = settings.existingKeys[kind];
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
      logRetentionDays: settings.logRetentionDays,
    };

    const network = settings.network;
    this.network =
      "existing" in network
        ? {
            vpcId: remote.resolve(network.existing.vpcId),
            vpcCidr: network.existing.vpcCidr,
            availabilityZones: settings.availabilityZones,
            subnetIds: {
              public: network.existing.subnetIds.public.map((id) => remote.resolve(id)),
              private: network.existing.subnetIds.private.map((id) => remote.resolve(id)),
              data: network.existing.subnetIds.data.map((id) => remote.resolve(id)),
            },
          }
        : new GitanaNetwork(this, "network", {
            ...network.create,
            aws,
            namePrefix,
            logsKmsKeyArn: this.keys.logs.keyArn,
          });

    this.roles = new GitanaTaskRoles(this, "iam", { aws, namePrefix });

    this.storage = new GitanaStorage(this, "storage", {
      aws,
      namePrefix,
      dataKmsKeyArn: this.keys.data.keyArn,
      logRetentionDays: settings.logRetentionDays,
      preventDestroy,
      // An env that protects nothing (dev) is torn down with `cdktf destroy`, objects and all.
      disposable: !recoverable,
    });

    this.documentDb = new DocumentDbCluster(this, "documentdb", {
      ...settings.documentDb,
      ...logs,
      namePrefix,
      vpcId: this.network.vpcId,
      subnetIds: this.network.subnetIds.data,
      availabilityZones: settings.availabilityZones,
      kmsKeyArn: this.keys.data.keyArn,
      deletionProtection,
      preventDestroy,
    });

    this.openSearch = new OpenSearchDomain(this, "opensearch", {
      ...settings.openSearch,
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

    const { clusterTag } = settings;
    this.gitanaConfig = new GitanaConfigFiles(this, "gitana-config", {
      bucketName: this.storage.configBucket.bucketName,
      prefix: CONFIG_PREFIX,
      kmsKeyArn: this.keys.data.keyArn,
      values: {
        env: settings.env,
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
      ...settings.gitanaConfig,
    });

    if (settings.sessionStore) {
      this.sessionStore = new ValkeySessionStore(this, "session-store", {
        ...settings.sessionStore,
        ...logs,
        namePrefix,
        vpcId: this.network.vpcId,
        subnetIds: this.network.subnetIds.data,
        kmsKeyArn: this.keys.data.keyArn,
        preventDestroy,
      });
    }

    this.compute = new GitanaCompute(this, "compute", {
      ...settings.compute,
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
      enableExecuteCommand: settings.ecsExec,
      sessionStore: this.sessionStore,
      existingCluster: settings.existingEcsCluster && {
        clusterName: settings.existingEcsCluster.name,
        clusterArn: arn(aws, "ecs", `cluster/${settings.existingEcsCluster.name}`),
        namespaceArn: remote.resolve(settings.existingEcsCluster.serviceConnectNamespaceArn),
        ready: [],
      },
    });
    grantPlatformAccess(this, settings.ecsExec);

    this.alarms = new GitanaAlarms(this, "alarms", {
      aws,
      namePrefix,
      kmsKeyArn: this.keys.messaging.keyArn,
      emails: settings.alarms.emails,
      alarms: platformAlarms(this, settings.alarms),
      deploymentFailuresOf: { clusterName: this.compute.cluster.clusterName },
    });

    exportPlatformOutputs(this, this);
    adoptExistingResources(this, settings.imports);
  }
}
