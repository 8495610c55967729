import { stateKey } from "../../facts/state-backend-names";
import type { AwsEnv } from "../core/aws-env";
import type { PolicyStatement } from "../core/grants";

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

/** The only roles that may reach state (validated in config/state-access.ts for envs). */
export interface StateAccess {
  /** Per env name: the roles of its plan, its reviewed apply and its output readers. */
  readonly envs: Readonly<
    Record<
      string,
      {
        readonly planRoleArn: string;
        readonly deployRoleArn: string;
        readonly outputReaderRoleArns: readonly string[];
      }
    >
  >;
  /** An emergency role that may read, write and administer all state. */
  readonly breakGlassRoleArn: string;
}

export interface StateAccessProps {
  readonly aws: AwsEnv;
  readonly bucketName: string;
  readonly access: StateAccess;
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

const unless = (arns: string[]): Condition[] => [
  { test: "ArnNotEquals", variable: "aws:PrincipalArn", values: [...new Set(arns)] },
];
const sidOf = (env: string) =>
  env.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: string[];
}

/** Deny `actions` on `resources` to every principal but `arns` (when `also` holds too). */
function denyUnless(
  sid: string,
  actions: string[],
  resources: string[],
  arns: string[],
  also: Condition[] = [],
): PolicyStatement {
  const condition = [...also, ...unless(arns)];
  return { sid, effect: "Deny", actions, resources, principals: EVERYONE, condition };
}

/** Allow `actions` on `resources` to `arns` (roles of other accounts need this side too). */
function allowTo(
  sid: string,
  actions: string[],
  resources: string[],
  arns: string[],
  condition?: Condition[],
): PolicyStatement {
  const principals = [{ type: "AWS", identifiers: [...new Set(arns)] }];
  return { sid, actions, resources, principals, ...(condition ? { condition } : {}) };
}

/** The state bucket's policy statements beside the TLS guards. */
export function stateBucketStatements(props: StateAccessProps): PolicyStatement[] {
  const bucketArn = `arn:${props.aws.partition}:s3:::${props.bucketName}`;
  const objects = `${bucketArn}/*`;
  const envs = envAccess(props, bucketArn);
  const planRoles = Object.values(props.access.envs).map((r) => r.planRoleArn);
  const allRoles = envs.flatMap((e) => e.readers);
  const statements: PolicyStatement[] = [
    denyUnless("DenyStateReadsToAnyoneElse", READ, [objects], allRoles),
    denyUnless(
      "DenyStateWritesToAnyoneElse",
      WRITE,
      [objects],
      envs.flatMap((e) => e.writers),
    ),
    denyUnless(
      "DenyBucketAdministrationButBreakGlass",
      ADMINISTER,
      [bucketArn],
      [props.access.breakGlassRoleArn],
    ),
    allowTo("AllowListingToStateRoles", ["s3:ListBucket"], [bucketArn], allRoles),
  ];
  for (const env of envs) {
    const sid = sidOf(env.env);
    statements.push(
      denyUnless(`Deny${sid}StateReadsToOtherRoles`, READ, [env.objects], env.readers),
      denyUnless(`Deny${sid}StateWritesToOtherRoles`, WRITE, [env.objects], env.writers),
      allowTo(`Allow${sid}StateReads`, READ, [env.objects], env.readers),
      allowTo(`Allow${sid}StateWrites`, WRITE, [env.objects], env.writers),
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
  const readers = envs.flatMap((e) => e.readers);
  const writers = envs.flatMap((e) => e.writers);
  return [
    allowTo("StateRolesDecryptThroughS3", ["kms:Decrypt", "kms:DescribeKey"], ["*"], readers, [
      viaS3,
    ]),
    allowTo("StateWritersEncryptThroughS3", ["kms:GenerateDataKey"], ["*"], writers, [viaS3]),
    denyUnless("DenyStateDecryptToAnyoneElse", ["kms:Decrypt"], ["*"], readers, [viaS3]),
  ];
}
