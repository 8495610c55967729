import type { Grantable, PolicyStatement } from "../../constructs/core/grants";

/** A grantee that records the inline policies a grant gives it, by policy name. */
export function recordingGrantee(): Grantable & {
  readonly policies: Record<string, PolicyStatement[]>;
} {
  const policies: Record<string, PolicyStatement[]> = {};
  return {
    roleArn: "arn:aws:iam::111122223333:role/task",
    roleName: "task",
    policies,
    addToPolicy: (name, statements) => {
      policies[name] = statements;
    },
  };
}
