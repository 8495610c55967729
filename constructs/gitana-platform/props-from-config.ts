import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { keepsData } from "../../config/data-layer";
import { PROJECT_ROOT } from "../../config/gitana-config";
import type { PlatformEnvConfig } from "../../config/schema";
import { DEFAULT_SESSION_STORE } from "../../config/session-store";
import { awsEnv, type AwsEnv } from "../core/aws-env";
import type { DocumentDbClusterProps } from "../documentdb";
import type { GitanaNetworkProps } from "../network";
import type { OpenSearchDomainProps } from "../opensearch";
import type { ValkeySessionStoreProps } from "../session-store";
import type { StateBackendSettings } from "../state-backend";
import { computeSettings, type ComputeSettings } from "./compute-props";
import type { ValueRef } from "./remote-values";

/** The kinds of data the env encrypts, each under its own key. */
export type KeyKind = "logs" | "data" | "messaging" | "secrets";

/**
 * An env config in construct terms: everything GitanaPlatform passes its layers besides each
 * other's outputs. `propsFromConfig` is the one place that reads the env config; the layers below
 * take plain props and never see it.
 */
export interface PlatformSettings {
  readonly env: string;
  readonly aws: AwsEnv;
  /** `<namePrefix>-<env>`: the prefix of every resource name. */
  readonly namePrefix: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly stateBackend: StateBackendSettings;
  readonly availabilityZones: readonly string[];
  readonly logRetentionDays: number;
  readonly preventDestroy: boolean;
  readonly deletionProtection: boolean;
  /** Deleted secrets and keys stay recoverable for 30 days (an env that keeps its data). */
  readonly recoverable: boolean;
  /** Keys of yours, per kind; the others are created. */
  readonly existingKeys: Readonly<Partial<Record<KeyKind, ValueRef>>>;
  /** The VPC to create, or yours. */
  readonly network:
    | { readonly create: Omit<GitanaNetworkProps, "aws" | "namePrefix" | "logsKmsKeyArn"> }
    | {
        readonly existing: {
          readonly vpcId: ValueRef;
          readonly vpcCidr: string;
          readonly subnetIds: Readonly<Record<"public" | "private" | "data", readonly ValueRef[]>>;
        };
      };
  readonly documentDb: Pick<
    DocumentDbClusterProps,
    | "engineVersion"
    | "instanceClass"
    | "instanceCount"
    | "backupRetentionDays"
    | "backupWindow"
    | "maintenanceWindow"
    | "masterUsername"
  >;
  readonly openSearch: Pick<
    OpenSearchDomainProps,
    | "engineVersion"
    | "instanceType"
    | "instanceCount"
    | "dedicatedMaster"
    | "volumeSizeGb"
    | "createServiceLinkedRole"
  >;
  /** `aws ecs execute-command` into the tasks (and the roles' permission for it). */
  readonly ecsExec: boolean;
  /** The tag the API servers find each other by; the properties name it, the services carry it. */
  readonly clusterTag: { readonly key: string; readonly value: string };
  readonly gitanaConfig: {
    /** Properties that follow from other settings (the Hazelcast CP subsystem). */
    readonly derivedProperties: Readonly<Record<string, string>>;
    readonly extraProperties: Readonly<Record<string, string>>;
    /** Path in the config bucket to the file's text. */
    readonly extraFiles: Readonly<Record<string, string>>;
  };
  /** The ui's shared session store: only where the ui can run more than one task. */
  readonly sessionStore?: Pick<
    ValkeySessionStoreProps,
    "nodeType" | "nodeCount" | "snapshotRetentionDays"
  >;
  /** Images, task sizes, counts, load balancers and domain of the services. */
  readonly compute: ComputeSettings;
  /** Your ECS cluster instead of ours. @default - create it */
  readonly existingEcsCluster?: {
    readonly name: string;
    readonly serviceConnectNamespaceArn: ValueRef;
  };
  readonly alarms: {
    /** Who gets every alarm by email. */
    readonly emails: readonly string[];
    /** What the search domain's alarms compare against. */
    readonly openSearch: {
      /** The config's account, in module mode too: the domain's metrics carry it as ClientId. */
      readonly accountId: string;
      readonly volumeSizeGb: number;
      readonly dataNodeCount: number;
    };
  };
  /** Existing resources to adopt with import blocks: construct path to import id. */
  readonly imports: Readonly<Record<string, string>>;
}

/**
 * Translates one validated env config into the settings of GitanaPlatform's layers. `aws` replaces
 * the config's account and region where they are not literals (module mode).
 */
export function propsFromConfig(config: PlatformEnvConfig, aws?: AwsEnv): PlatformSettings {
  const namePrefix = `${config.namePrefix}-${config.env}`;
  const { preventDestroy, deletionProtection } = config.protection;
  const existingNetwork = config.existingNetwork;
  return {
    env: config.env,
    aws: aws ?? awsEnv(config.accountId, config.region),
    namePrefix,
    tags: config.tags,
    stateBackend: config.stateBackend,
    availabilityZones: config.availabilityZones,
    logRetentionDays: config.logRetentionDays,
    preventDestroy,
    deletionProtection,
    // A protected env's deleted secrets and keys stay recoverable for the maximum 30 days; only a
    // disposable env (dev) frees them at once (secrets) or after KMS's minimum 7 days (keys).
    recoverable: keepsData(config.protection),
    existingKeys: config.existingKeys,
    network: existingNetwork
      ? { existing: existingNetwork }
      : {
          create: {
            availabilityZones: config.availabilityZones,
            ...requireNetwork(config),
            flowLogRetentionDays: config.logRetentionDays,
          },
        },
    documentDb: config.documentDb,
    openSearch: config.openSearch,
    ecsExec: config.iam.ecsExec,
    clusterTag: {
      key: config.compute.apiCluster.tagKey,
      value: config.compute.apiCluster.tagValue ?? namePrefix,
    },
    gitanaConfig: {
      derivedProperties: apiClusterProperties(config.compute.apiCluster.memberCount),
      extraProperties: config.gitanaConfig.extraProperties,
      extraFiles: readExtraFiles(config.gitanaConfig.extraFiles),
    },
    // One ui task keeps sessions, caches and locks in process; two or more must share them.
    sessionStore:
      config.compute.services.ui.maxCount > 1
        ? {
            ...(config.sessionStore ?? DEFAULT_SESSION_STORE),
            // Where the env protects data: a replica in another AZ, failover, a week of snapshots.
            nodeCount: deletionProtection ? 2 : 1,
            snapshotRetentionDays: deletionProtection ? 7 : 0,
          }
        : undefined,
    compute: computeSettings(config.compute),
    existingEcsCluster: config.existingEcsCluster,
    alarms: {
      emails: config.alarms.emails,
      openSearch: {
        accountId: config.accountId,
        volumeSizeGb: config.openSearch.volumeSizeGb,
        dataNodeCount: config.openSearch.instanceCount,
      },
    },
    imports: config.imports,
  };
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
