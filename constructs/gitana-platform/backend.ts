import type { Construct } from "constructs";
import { S3Backend } from "cdktf";
import { stateBackendNames, stateKey, type StateBackendSettings } from "../state-backend";

/**
 * The env's remote state: its own key in the bucket the bootstrap env created, locked through the
 * DynamoDB table, written with SSE-KMS under the backend's key (`encrypt` alone would ask for
 * SSE-S3 and override the bucket's KMS default).
 */
export function createRemoteStateBackend(
  scope: Construct,
  env: string,
  config: StateBackendSettings,
): S3Backend {
  const names = stateBackendNames(config);
  const backend = new S3Backend(scope, {
    bucket: names.bucket,
    key: stateKey(env),
    region: config.region,
    encrypt: true,
    kmsKeyId: names.kmsAliasArn,
    dynamodbTable: names.lockTable,
  });
  // Terraform >= 1.10 can lock with an S3 object instead of DynamoDB. cdktf's S3Backend lacks the
  // field, hence the override. Run both during a migration, then drop dynamodbTable (README).
  if (config.useLockfile) backend.addOverride("use_lockfile", true);
  return backend;
}
