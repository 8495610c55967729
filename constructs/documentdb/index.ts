import { Construct } from "constructs";
import { Token } from "cdktf";
import { DocdbCluster } from "@cdktf/provider-aws/lib/docdb-cluster";
import { DocdbClusterInstance } from "@cdktf/provider-aws/lib/docdb-cluster-instance";
import { DocdbClusterParameterGroup } from "@cdktf/provider-aws/lib/docdb-cluster-parameter-group";
import { DocdbSubnetGroup } from "@cdktf/provider-aws/lib/docdb-subnet-group";
import type { Grantable } from "../core/grants";
import { encryptedLogGroup } from "../core/log-group";
import { movedFromId } from "../core/moved";
import { dataStoreNetwork } from "../core/data-store-network";
import type { ServiceSecurityGroup } from "../core/security-group";

export const DOCUMENTDB_PORT = 27017;

export interface DocumentDbClusterProps {
  /** Prefix of the names, e.g. `gitana-prod`; the cluster is `<namePrefix>-docdb`. */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** One subnet per AZ (the isolated data tier). */
  readonly subnetIds: string[];
  /**
   * The AZs of `subnetIds`. Instances are spread over them in zone-name order and keyed by zone,
   * so the order of this list changes nothing.
   */
  readonly availabilityZones: readonly string[];
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly instanceCount: number;
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly masterUsername: string;
  /** KMS key encrypting storage, snapshots and backups. */
  readonly kmsKeyArn: string;
  readonly logsKmsKeyArn: string;
  readonly logRetentionDays: number;
  /** Deletion protection, and a final snapshot when the cluster is deleted anyway. */
  readonly deletionProtection: boolean;
  readonly preventDestroy: boolean;
}

/**
 * Gitana's MongoDB: an encrypted DocumentDB 5.0 cluster in the data subnets that requires TLS,
 * audits, exports its logs to encrypted groups, and keeps its master password out of Terraform:
 * AWS generates it, stores it in Secrets Manager and rotates it (`manage_master_user_password`).
 */
export class DocumentDbCluster extends Construct {
  readonly clusterIdentifier: string;
  readonly endpoint: string;
  readonly readerEndpoint: string;
  readonly port = DOCUMENTDB_PORT;
  /** The AWS-managed secret holding `username` and `password` as JSON keys. */
  readonly masterUserSecretArn: string;
  readonly securityGroupId: string;
  /** Admits callers peer by peer (`openPath`). */
  readonly securityGroup: ServiceSecurityGroup;

  constructor(scope: Construct, id: string, props: DocumentDbClusterProps) {
    super(scope, id);
    if (props.subnetIds.length < 2) {
      throw new Error(
        `${this.node.path}: subnetIds needs subnets in at least two AZs (DocumentDB requires it), got ${props.subnetIds.length}`,
      );
    }
    const clusterIdentifier = `${props.namePrefix}-docdb`;
    this.clusterIdentifier = clusterIdentifier;

    const { securityGroup, subnetGroup } = dataStoreNetwork(
      this,
      {
        peerName: "documentdb",
        name: clusterIdentifier,
        description: `DocumentDB ${clusterIdentifier}: port ${DOCUMENTDB_PORT} from Gitana API tasks only`,
        vpcId: props.vpcId,
        port: DOCUMENTDB_PORT,
        subnetIds: props.subnetIds,
      },
      DocdbSubnetGroup,
    );
    this.securityGroup = securityGroup;
    this.securityGroupId = securityGroup.securityGroupId;
    const parameters = new DocdbClusterParameterGroup(this, "parameters", {
      name: clusterIdentifier,
      family: `docdb${props.engineVersion.split(".").slice(0, 2).join(".")}`,
      description: `TLS required, auditing and profiling on for ${clusterIdentifier}`,
      parameter: [
        // TLS 1.2 or later only ("enabled" would still accept 1.0 and 1.1). Static: it applies at
        // the next reboot, never silently mid-flight.
        { name: "tls", value: "tls1.2+", applyMethod: "pending-reboot" },
        { name: "audit_logs", value: "enabled" },
        { name: "profiler", value: "enabled" },
        { name: "profiler_threshold_ms", value: "200" },
      ],
    });
    // DocumentDB would create these groups itself, unencrypted and kept forever.
    const logGroups = ["audit", "profiler"].map((type) =>
      encryptedLogGroup(this, `${type}-log-group`, {
        name: `/aws/docdb/${clusterIdentifier}/${type}`,
        retentionDays: props.logRetentionDays,
        kmsKeyArn: props.logsKmsKeyArn,
      }),
    );

    const cluster = new DocdbCluster(this, "cluster", {
      clusterIdentifier,
      engine: "docdb",
      engineVersion: props.engineVersion,
      masterUsername: props.masterUsername,
      manageMasterUserPassword: true,
      port: DOCUMENTDB_PORT,
      dbSubnetGroupName: subnetGroup.name,
      dbClusterParameterGroupName: parameters.name,
      vpcSecurityGroupIds: [this.securityGroupId],
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      backupRetentionPeriod: props.backupRetentionDays,
      preferredBackupWindow: props.backupWindow,
      preferredMaintenanceWindow: props.maintenanceWindow,
      enabledCloudwatchLogsExports: ["audit", "profiler"],
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: !props.deletionProtection,
      finalSnapshotIdentifier: `${clusterIdentifier}-final`,
      lifecycle: { preventDestroy: props.preventDestroy },
      dependsOn: logGroups,
    });
    this.endpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.masterUserSecretArn = cluster.masterUserSecret.get(0).secretArn;

    // Keyed by zone name, so reordering availabilityZones changes nothing. Zones known only at
    // plan time (module mode's variables) cannot name a construct: there instances keep their index.
    const namedZones = !props.availabilityZones.some((az) => Token.isUnresolved(az));
    const zones = namedZones ? [...props.availabilityZones].sort() : [...props.availabilityZones];
    for (let i = 0; i < props.instanceCount; i++) {
      const az = zones[i % zones.length];
      const round = Math.floor(i / zones.length);
      const id = !namedZones
        ? `instance-${i}`
        : round === 0
          ? `instance-${az}`
          : `instance-${az}-${round + 1}`;
      const instance = new DocdbClusterInstance(this, id, {
        identifier: `${clusterIdentifier}-${i + 1}`,
        clusterIdentifier: cluster.id,
        instanceClass: props.instanceClass,
        availabilityZone: az,
        // Lower tiers are promoted first; the order follows the AZs.
        promotionTier: i,
        preferredMaintenanceWindow: props.maintenanceWindow,
        autoMinorVersionUpgrade: true,
        // No prevent_destroy: data lives in the cluster volume, and scaling in must stay possible.
      });
      // Instances were keyed by position (instance-<n> in zone n mod 3 of the list): carry them over.
      if (namedZones) {
        const legacy = props.availabilityZones.indexOf(az) + round * zones.length;
        movedFromId(instance, `instance-${legacy}`);
      }
    }
  }

  /** Read the master user secret (for the task definition's `secrets`). Encrypted with the AWS-managed Secrets Manager key. */
  grantMasterSecretRead(grantee: Grantable): void {
    grantee.addToPolicy("documentdb-master-secret-read", [
      {
        sid: "ReadDocumentDbMasterSecret",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [this.masterUserSecretArn],
      },
    ]);
  }
}
