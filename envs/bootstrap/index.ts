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
  // Only these roles reach state (bucket and key policies deny everyone else). Create them first;
  // docs/ci-and-security.md gives their trust and permission policies. 111122223333 is the AWS
  // documentation's example account id: replace these with your roles.
  stateAccess: {
    envs: Object.fromEntries(
      ["dev", "staging", "prod"].map((env) => [
        env,
        {
          planRoleArn: `arn:aws:iam::111122223333:role/gitana-${env}-plan`,
          deployRoleArn: `arn:aws:iam::111122223333:role/gitana-${env}-deploy`,
        },
      ]),
    ),
    breakGlassRoleArn: "arn:aws:iam::111122223333:role/gitana-state-break-glass",
  },
};
