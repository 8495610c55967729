import type { BootstrapEnvInput } from "../../config/schema";
import { stateBackend } from "../state-backend";

/**
 * Creates the remote-state bucket, DynamoDB lock table and KMS key that every other env uses.
 * It keeps its own state locally (it cannot store state in a bucket it has yet to create): see
 * README "Bootstrap the state backend".
 */
export const config: BootstrapEnvInput = {
  kind: "bootstrap",
  tags: { Project: "gitana", Environment: "bootstrap", ManagedBy: "cdktf" },
  stateBackend,
};
