import { Construct } from "constructs";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { CACHE_NODE_TYPE } from "../../facts/elasticache";
import { encryptedLogGroup } from "../core/log-group";
import { dataStoreNetwork } from "../core/data-store-network";
import type { ServiceSecurityGroup } from "../core/security-group";
import type { SessionStoreRef } from "../ecs/session-store";
import { windowProblem } from "./windows";

export const SESSION_STORE_PORT = 6379;

/**
 * Valkey, not Redis OSS: the same protocol (Valkey is the fork of Redis OSS 7.2; cloudcms-server's
 * node-redis 4 and ioredis 5 speak it unchanged), and ElastiCache lists Valkey nodes at a lower
 * hourly price than Redis OSS on the same node type. Pinned: a major upgrade is a change of this
 * constant, rehearsed in staging; minor and patch releases arrive through
 * auto_minor_version_upgrade in the maintenance window.
 */
export const VALKEY_ENGINE_VERSION = "8.2";

/** ElastiCache's limit for one shard: a primary and five replicas. */
const MAX_NODES = 6;

export interface ValkeySessionStoreProps {
  /** Prefix of the names, e.g. `gitana-prod`; the replication group is `<namePrefix>-sessions`. */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** The isolated data subnets, one per AZ; the subnet group spans all of them. */
  readonly subnetIds: string[];
  /** e.g. `cache.t4g.small`. */
  readonly nodeType: string;
  /**
   * A primary and `nodeCount - 1` replicas. Two or more turn on automatic failover and Multi-AZ
   * (each replica in another AZ than the primary); one is a single node that loses its data, and
   * every ui session, when it is replaced. @default 2
   */
  readonly nodeCount?: number;
  /** Days of daily snapshots kept; 0 takes none. @default 7 */
  readonly snapshotRetentionDays?: number;
  /** Daily UTC snapshot window, hh:mm-hh:mm. @default "02:00-03:00" (after DocumentDB's backup) */
  readonly snapshotWindow?: string;
  /** Weekly UTC maintenance window. @default "sun:04:00-sun:05:00" (after DocumentDB's) */
  readonly maintenanceWindow?: string;
  /** KMS key encrypting the nodes' storage and the snapshots. */
  readonly kmsKeyArn: string;
  readonly logsKmsKeyArn: string;
  readonly logRetentionDays: number;
  /** Terraform `prevent_destroy` on the replication group. */
  readonly preventDestroy: boolean;
}

/**
 * The UI servers' shared state: an ElastiCache for Valkey replication group (cluster mode off:
 * cloudcms-server connects one client to one URL and runs KEYS and PSUBSCRIBE, which a sharded
 * cluster would split) in the data subnets. Encrypted at rest with the env's data key, TLS
 * required in transit, reachable only from the security groups its `securityGroup` admits; its slow log
 * and engine log go to a KMS-encrypted group of its own.
 *
 * No AUTH token: cloudcms-server takes the store only as a URL in an env var
 * (util/redis.js: CLOUDCMS_REDIS_URL), so a token would sit there in plain text or, as an
 * argument of this resource, in Terraform state. The network path is the access control.
 */
export class ValkeySessionStore extends Construct implements SessionStoreRef {
  readonly replicationGroupId: string;
  /** The primary endpoint: it follows a failover. */
  readonly primaryEndpoint: string;
  readonly port = SESSION_STORE_PORT;
  /** `rediss://<primary endpoint>:6379`: TLS, as the group requires. */
  readonly url: string;
  readonly securityGroupId: string;
  readonly logGroupName: string;
  /** ElastiCache names the nodes `<group>-001`, `-002`, ...; their metrics carry these ids. */
  readonly memberClusterIds: string[];
  /** Admits callers peer by peer (`openPath`). */
  readonly securityGroup: ServiceSecurityGroup;

  constructor(scope: Construct, id: string, props: ValkeySessionStoreProps) {
    super(scope, id);
    const nodeCount = props.nodeCount ?? 2;
    const snapshotRetentionDays = props.snapshotRetentionDays ?? 7;
    const snapshotWindow = props.snapshotWindow ?? "02:00-03:00";
    const maintenanceWindow = props.maintenanceWindow ?? "sun:04:00-sun:05:00";
    this.validate(props, nodeCount, snapshotRetentionDays, snapshotWindow, maintenanceWindow);

    const groupId = `${props.namePrefix}-sessions`;
    this.replicationGroupId = groupId;
    this.memberClusterIds = Array.from(
      { length: nodeCount },
      (_, i) => `${groupId}-${String(i + 1).padStart(3, "0")}`,
    );

    // Its own subnet group: the default one would put it in the default VPC (ElastiCache.7).
    const { securityGroup, subnetGroup } = dataStoreNetwork(
      this,
      {
        peerName: "session-store",
        name: groupId,
        description: `Valkey ${groupId}: port ${SESSION_STORE_PORT} from the UI tasks only`,
        vpcId: props.vpcId,
        port: SESSION_STORE_PORT,
        subnetIds: props.subnetIds,
      },
      ElasticacheSubnetGroup,
    );
    this.securityGroup = securityGroup;
    this.securityGroupId = securityGroup.securityGroupId;
    // ElastiCache would otherwise deliver nowhere: it creates no group of its own.
    const logGroup = encryptedLogGroup(this, "log-group", {
      name: `/aws/elasticache/${groupId}`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.logsKmsKeyArn,
    });
    this.logGroupName = logGroup.name;

    const replicated = nodeCount > 1;
    const group = new ElasticacheReplicationGroup(this, "replication-group", {
      replicationGroupId: groupId,
      description: `Shared sessions, caches, locks and broadcasts of the ${props.namePrefix} UI servers`,
      engine: "valkey",
      engineVersion: VALKEY_ENGINE_VERSION,
      parameterGroupName: `default.valkey${VALKEY_ENGINE_VERSION.split(".")[0]}`,
      nodeType: props.nodeType,
      numCacheClusters: nodeCount,
      automaticFailoverEnabled: replicated,
      multiAzEnabled: replicated,
      port: SESSION_STORE_PORT,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [this.securityGroupId],
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.kmsKeyArn,
      transitEncryptionEnabled: true,
      // "preferred" would still accept plain connections.
      transitEncryptionMode: "required",
      autoMinorVersionUpgrade: "true",
      maintenanceWindow,
      snapshotWindow,
      snapshotRetentionLimit: snapshotRetentionDays,
      // Where snapshots are kept, deleting the group keeps one more.
      finalSnapshotIdentifier: snapshotRetentionDays > 0 ? `${groupId}-final` : undefined,
      logDeliveryConfiguration: ["slow-log", "engine-log"].map((logType) => ({
        destination: logGroup.name,
        destinationType: "cloudwatch-logs",
        logFormat: "json",
        logType,
      })),
      lifecycle: { preventDestroy: props.preventDestroy },
      dependsOn: [logGroup],
    });
    this.primaryEndpoint = group.primaryEndpointAddress;
    this.url = `rediss://${this.primaryEndpoint}:${SESSION_STORE_PORT}`;
  }

  private validate(
    props: ValkeySessionStoreProps,
    nodeCount: number,
    snapshotRetentionDays: number,
    snapshotWindow: string,
    maintenanceWindow: string,
  ): void {
    const problem = (() => {
      if (!CACHE_NODE_TYPE.test(props.nodeType)) {
        return `nodeType "${props.nodeType}" is not an ElastiCache node type such as cache.t4g.small`;
      }
      if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > MAX_NODES) {
        return `nodeCount ${nodeCount} is not allowed; a replication group has 1 to ${MAX_NODES} nodes`;
      }
      if (nodeCount > 1 && props.subnetIds.length < 2) {
        return `subnetIds needs subnets in at least two AZs for Multi-AZ with ${nodeCount} nodes, got ${props.subnetIds.length}`;
      }
      if (
        !Number.isInteger(snapshotRetentionDays) ||
        snapshotRetentionDays < 0 ||
        snapshotRetentionDays > 35
      ) {
        return `snapshotRetentionDays ${snapshotRetentionDays} is not allowed; ElastiCache keeps 0 to 35 days`;
      }
      return windowProblem(snapshotWindow, maintenanceWindow);
    })();
    if (problem) throw new Error(`${this.node.path}: ${problem}`);
  }
}
