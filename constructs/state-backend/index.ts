import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { awsEnv } from "../core/aws-env";
import { EncryptionKey } from "../kms";
import { SecureBucket } from "../storage/secure-bucket";
import {
  stateBackendNames,
  type StateBackendLocation,
  type StateBackendNames,
} from "../../facts/state-backend-names";
import { stateBucketStatements, stateKeyStatements, type StateAccess } from "./access";

export {
  stateBackendNames,
  stateKey,
  type StateBackendNames,
} from "../../facts/state-backend-names";
export type { StateAccess } from "./access";

/** Where the state backend lives and how envs lock it. */
export interface StateBackendSettings extends StateBackendLocation {
  /** Envs also lock with an S3 lock file (Terraform >= 1.10), beside DynamoDB. */
  readonly useLockfile: boolean;
}

export interface StateBackendProps {
  readonly config: StateBackendSettings;
  /** The roles that may read, lock and write each env's state; the policies deny everyone else. */
  readonly access: StateAccess;
}

/**
 * The Terraform remote state every env uses: a versioned, KMS-encrypted, TLS-only bucket whose
 * access is logged, and a DynamoDB lock table. Everything here is `prevent_destroy`: losing it
 * loses the map of every deployed resource.
 */
export class StateBackend extends Construct {
  readonly names: StateBackendNames;
  readonly bucketArn: string;
  readonly lockTableArn: string;
  readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const aws = awsEnv(props.config.accountId, props.config.region);
    this.names = stateBackendNames(props.config);
    const access = {
      aws,
      bucketName: this.names.bucket,
      access: props.access,
      useLockfile: props.config.useLockfile,
    };

    const key = new EncryptionKey(this, "kms", {
      aws,
      alias: this.names.kmsAlias.replace(/^alias\//, ""),
      description: "Encrypts Terraform state of the Gitana environments",
      serviceAccess: stateKeyStatements(access),
      preventDestroy: true,
    });
    this.kmsKeyArn = key.keyArn;

    const accessLogs = new SecureBucket(this, "access-logs", {
      aws,
      bucketName: this.names.accessLogBucket,
      purpose: "state-access-logs",
      serverAccessLogSources: [this.names.bucket],
      noncurrentVersionRetentionDays: 30,
      preventDestroy: true,
    });
    const state = new SecureBucket(this, "state", {
      aws,
      bucketName: this.names.bucket,
      purpose: "state",
      kmsKeyArn: key.keyArn,
      accessLogs: { target: accessLogs, prefix: "tfstate/" },
      // Old state versions are the undo history of every apply; keep a year of them.
      noncurrentVersionRetentionDays: 365,
      preventDestroy: true,
      policyStatements: stateBucketStatements(access),
    });
    this.bucketArn = state.bucketArn;

    const lockTable = new DynamodbTable(this, "lock-table", {
      name: this.names.lockTable,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: key.keyArn },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });
    this.lockTableArn = lockTable.arn;
  }
}
