import type { StateAccessConfig } from "../../config/state-access";
import type { AwsEnv } from "../core/aws-env";
import type { PolicyStatement } from "../core/grants";
import { stateKey } from "./names";

/**
 * Who may touch Terraform state, as bucket-policy and key-policy statements. The S3 backend
 * (Terraform docs, "S3" backend, "S3 Bucket Permissions") reads with s3:ListBucket and
 * s3:GetObject, writes the state object with s3:PutObject, and with `use_lockfile` also puts and
 * deletes `<key>.tflock`; the DynamoDB lock writes only to the lock table, never to S3. So:
 * - reads of an env's state: its plan, deploy and output-reader roles and the break-glass role;
 * - writes and deletes: its deploy role and break-glass; its plan role only the lock object, and
 *   only when the env locks with a lock file;
 * - bucket administration (policy, versioning, encryption, lifecycle, deletion): break-glass.
 * Each rule is a Deny on `aws:PrincipalArn`, which no identity policy in any account can override,
 * plus the Allow that roles of other accounts need (cross-account access needs both sides).
 */

const READ = ["s3:GetObject", "s3:GetObjectVersion"];
const WRITE = ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"];
const ADMINISTER = [
  "s3:DeleteBucket",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketPolicy",
  "s3:PutBucketVersioning",
  "s3:PutEncryptionConfiguration",
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketLogging",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketOwnershipControls",
];
const EVERYONE = [{ type: "AWS", identifiers: ["*"] }];

export interface StateAccessProps {
  readonly aws: AwsEnv;
  readonly bucketName: string;
  readonly access: StateAccessConfig;
  /** Whether envs also lock with an S3 lock file (the plan role then writes `<key>.tflock`). */
  readonly useLockfile: boolean;
}

interface EnvAccess {
  readonly env: string;
  /** `arn:…:s3:::bucket/gitana/<env>/*` */
  readonly objects: string;
  readonly lockObject: string;
  readonly readers: string[];
  readonly writers: string[];
}

function envAccess(props: StateAccessProps, bucketArn: string): EnvAccess[] {
  const breakGlass = props.access.breakGlassRoleArn;
  return Object.entries(props.access.envs).map(([env, roles]) => {
    const key = stateKey(env);
    return {
      env,
      objects: `${bucketArn}/${key.slice(0, key.lastIndexOf("/") + 1)}*`,
      lockObject: `${bucketArn}/${key}.tflock`,
      readers: [roles.planRoleArn, roles.deployRoleArn, ...roles.outputReaderRoleArns, breakGlass],
      writers: [roles.deployRoleArn, ...(props.useLockfile ? [roles.planRoleArn] : []), breakGlass],
    };
  });
}

const unless = (arns: string[]) => [
  { test: "ArnNotEquals", variable: "aws:PrincipalArn", values: [...new Set(arns)] },
];
const sidOf = (env: string) =>
  env.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** The state bucket's policy statements beside the TLS guards. */
export function stateBucketStatements(props: StateAccessProps): PolicyStatement[] {
  const bucketArn = `arn:${props.aws.partition}:s3:::${props.bucketName}`;
  const envs = envAccess(props, bucketArn);
  const planRoles = Object.values(props.access.envs).map((r) => r.planRoleArn);
  const allRoles = [...new Set(envs.flatMap((e) => e.readers))];
  const statements: PolicyStatement[] = [
    {
      sid: "DenyStateReadsToAnyoneElse",
      effect: "Deny",
      actions: READ,
      resources: [`${bucketArn}/*`],
      principals: EVERYONE,
      condition: unless(allRoles),
    },
    {
      sid: "DenyStateWritesToAnyoneElse",
      effect: "Deny",
      actions: WRITE,
      resources: [`${bucketArn}/*`],
      principals: EVERYONE,
      condition: unless(envs.flatMap((e) => e.writers)),
    },
    {
      sid: "DenyBucketAdministrationButBreakGlass",
      effect: "Deny",
      actions: ADMINISTER,
      resources: [bucketArn],
      principals: EVERYONE,
      condition: unless([props.access.breakGlassRoleArn]),
    },
    {
      sid: "AllowListingToStateRoles",
      actions: ["s3:ListBucket"],
      resources: [bucketArn],
      principals: [{ type: "AWS", identifiers: allRoles }],
    },
  ];
  for (const env of envs) {
    const sid = sidOf(env.env);
    statements.push(
      {
        sid: `Deny${sid}StateReadsToOtherRoles`,
        effect: "Deny",
        actions: READ,
        resources: [env.objects],
        principals: EVERYONE,
        condition: unless(env.readers),
      },
      {
        sid: `Deny${sid}StateWritesToOtherRoles`,
        effect: "Deny",
        actions: WRITE,
        resources: [env.objects],
        principals: EVERYONE,
        condition: unless(env.writers),
      },
      {
        sid: `Allow${sid}StateReads`,
        actions: READ,
        resources: [env.objects],
        principals: [{ type: "AWS", identifiers: [...new Set(env.readers)] }],
      },
      {
        sid: `Allow${sid}StateWrites`,
        actions: WRITE,
        resources: [env.objects],
        principals: [{ type: "AWS", identifiers: [...new Set(env.writers)] }],
      },
    );
  }
  if (props.useLockfile) {
    // A plan role may write an env's prefix only to take its lock: nothing but lock objects.
    statements.push({
      sid: "DenyPlanRolesWritingAnythingButLockObjects",
      effect: "Deny",
      actions: WRITE,
      notResources: envs.map((e) => e.lockObject),
      principals: EVERYONE,
      condition: [{ test: "ArnEquals", variable: "aws:PrincipalArn", values: planRoles }],
    });
  }
  return statements;
}

/**
 * The state key's policy statements beside the account delegation: the state roles by name, each
 * only through S3 (kms:ViaService), and a Deny that keeps any other principal of the account from
 * decrypting state through S3 even with kms:* in its IAM policy.
 */
export function stateKeyStatements(props: StateAccessProps): PolicyStatement[] {
  const viaS3 = {
    test: "StringEquals",
    variable: "kms:ViaService",
    values: [`s3.${props.aws.region}.amazonaws.com`],
  };
  const envs = envAccess(props, "");
  const readers = [...new Set(envs.flatMap((e) => e.readers))];
  const writers = [...new Set(envs.flatMap((e) => e.writers))];
  return [
    {
      sid: "StateRolesDecryptThroughS3",
      actions: ["kms:Decrypt", "kms:DescribeKey"],
      resources: ["*"],
      principals: [{ type: "AWS", identifiers: readers }],
      condition: [viaS3],
    },
    {
      sid: "StateWritersEncryptThroughS3",
      actions: ["kms:GenerateDataKey"],
      resources: ["*"],
      principals: [{ type: "AWS", identifiers: writers }],
      condition: [viaS3],
    },
    {
      sid: "DenyStateDecryptToAnyoneElse",
      effect: "Deny",
      actions: ["kms:Decrypt"],
      resources: ["*"],
      principals: EVERYONE,
      condition: [viaS3, ...unless(readers)],
    },
  ];
}
