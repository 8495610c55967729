import { z } from "zod";

/**
 * Who may touch Terraform state, given to the bootstrap env: the state bucket policy and key
 * policy are written from it (constructs/state-backend/access.ts). Matched on `aws:PrincipalArn`,
 * which for an assumed role is the role's ARN, not the session's.
 */

const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const ENV_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const roleArn = z.string({ error: "must be an IAM role ARN string" }).regex(ROLE_ARN, {
  error: "must be an IAM role ARN such as arn:aws:iam::111122223333:role/gitana-prod-deploy",
});

export const stateAccessSchema = z
  .strictObject(
    {
      /** Per env folder name: its plan role (reads state, takes the lock) and deploy role (writes state). */
      envs: z
        .record(
          z.string().regex(ENV_NAME, { error: "must be an env folder name such as prod" }),
          z.strictObject({
            /** Assumed by `terraform plan`: reads this env's state and takes its lock, never writes state. */
            planRoleArn: roleArn,
            /** Assumed by the reviewed apply: the only role that writes this env's state. */
            deployRoleArn: roleArn,
            /** Roles of other Terraform roots that read this env's outputs (terraform_remote_state). @default [] */
            outputReaderRoleArns: z
              .array(roleArn, { error: "must be a list of role ARNs" })
              .default([]),
          }),
          { error: "must map each env name to { planRoleArn, deployRoleArn }" },
        )
        .refine((envs) => Object.keys(envs).length > 0, {
          error: "must name the plan and deploy roles of at least one env",
        }),
      /** An emergency role (MFA, alarmed on use) that may read, write and administer all state. */
      breakGlassRoleArn: roleArn,
    },
    {
      error:
        "must be { envs: { <env>: { planRoleArn, deployRoleArn } }, breakGlassRoleArn }: the only roles that may reach state",
    },
  )
  .superRefine((access, ctx) => {
    // One role, one duty: a plan role that could also deploy would write state from unreviewed code.
    const seen = new Map<string, string>();
    const claim = (arn: string, path: (string | number)[]) => {
      const other = seen.get(arn);
      if (other) {
        ctx.addIssue({
          code: "custom",
          path,
          input: arn,
          message: `is already ${other}: each env's plan and deploy roles and the break-glass role must be distinct roles`,
        });
      }
      seen.set(arn, path.join("."));
    };
    claim(access.breakGlassRoleArn, ["breakGlassRoleArn"]);
    for (const [env, roles] of Object.entries(access.envs)) {
      claim(roles.planRoleArn, ["envs", env, "planRoleArn"]);
      claim(roles.deployRoleArn, ["envs", env, "deployRoleArn"]);
    }
  });

export type StateAccessConfig = z.output<typeof stateAccessSchema>;
