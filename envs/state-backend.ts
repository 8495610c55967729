import type { StateBackendInput } from "../config/schema";

/**
 * Where every env keeps its Terraform state. One object, imported by the bootstrap env (which
 * creates the bucket, lock table and key) and by every platform env (whose S3 backend uses them),
 * so the names are derived once and cannot drift apart.
 *
 * 111122223333 is the example account id of the AWS documentation: replace it with yours.
 */
export const stateBackend: StateBackendInput = {
  accountId: "111122223333",
  region: "eu-west-1",
  namePrefix: "gitana",
};
