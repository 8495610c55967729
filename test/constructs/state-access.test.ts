import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../../config/environments";
import { loadEnvConfig } from "../../config/load";
import { bootstrapInput, stagingInput } from "../helpers/configs";
import { policyStatements, resourceOf, synthEnv, type StackJson } from "../helpers/synth";

/**
 * Who reaches Terraform state, read from the synthesized bucket and key policies with a small
 * evaluator of their Deny and Allow statements (exact ARNs and `*` wildcards, ArnEquals and
 * ArnNotEquals on aws:PrincipalArn, kms:ViaService): the questions an auditor asks, answered.
 */
const ACCOUNT = "111122223333";
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const BUCKET = `arn:aws:s3:::gitana-tfstate-${ACCOUNT}-eu-west-1`;
const state = (env: string) => `${BUCKET}/gitana/${env}/terraform.tfstate`;
const lock = (env: string) => `${state(env)}.tflock`;
const VIA_S3 = "s3.eu-west-1.amazonaws.com";

type Statement = Record<string, unknown> & {
  effect?: string;
  actions: string[];
  resources?: string[];
  not_resources?: string[];
  condition?: { test: string; variable: string; values: string[] }[];
};

function bootstrapWith(useLockfile: boolean): StackJson {
  const input = bootstrapInput();
  input.stateBackend = { ...input.stateBackend, useLockfile };
  return synthEnv("bootstrap", input);
}

const glob = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.?+^$()[\]{}|\\/]/g, "\\$&"))
      .join(".*")}$`,
  ).test(value);

function applies(s: Statement, principal: string, action: string, resource: string): boolean {
  if (!s.actions.includes(action)) return false;
  if (s.resources && !s.resources.some((r) => glob(r, resource))) return false;
  if (s.not_resources?.some((r) => glob(r, resource))) return false;
  return (s.condition ?? []).every((c) => {
    if (c.variable === "kms:ViaService") return c.values.includes(VIA_S3);
    const listed = c.values.includes(principal);
    return c.test === "ArnNotEquals" ? !listed : listed;
  });
}

/** Whether the resource policy lets `principal` do it: some Allow names it and no Deny applies. */
function allowed(statements: Statement[], principal: string, action: string, resource: string) {
  const matching = statements.filter((s) => applies(s, principal, action, resource));
  if (matching.some((s) => s.effect === "Deny")) return false;
  return matching.some((s) =>
    (s.principals as { identifiers: string[] }[]).some((p) => p.identifiers.includes(principal)),
  );
}

const bucketPolicy = (stack: StackJson) =>
  policyStatements(
    stack,
    resourceOf(stack, "aws_s3_bucket_policy", "state-backend_state_").policy,
  ) as Statement[];
const keyPolicy = (stack: StackJson) =>
  policyStatements(stack, resourceOf(stack, "aws_kms_key").policy) as Statement[];

describe("state bucket policy (DynamoDB locking)", () => {
  const policy = bucketPolicy(bootstrapWith(false));
  const can = (who: string, action: string, object: string) => allowed(policy, who, action, object);

  test("an env's plan and deploy roles and break-glass read its state", () => {
    for (const who of ["gitana-prod-plan", "gitana-prod-deploy", "gitana-state-break-glass"]) {
      expect(can(role(who), "s3:GetObject", state("prod"))).toBe(true);
    }
  });

  test("another env's roles, and any other principal of the account, cannot read it", () => {
    for (const who of ["gitana-dev-plan", "gitana-dev-deploy", "Admin", "gitana-staging-deploy"]) {
      expect(can(role(who), "s3:GetObject", state("prod"))).toBe(false);
    }
  });

  test("only the deploy role and break-glass write or delete state; the plan role never does", () => {
    for (const action of ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"]) {
      expect(can(role("gitana-prod-deploy"), action, state("prod"))).toBe(true);
      expect(can(role("gitana-state-break-glass"), action, state("prod"))).toBe(true);
      expect(can(role("gitana-prod-plan"), action, state("prod"))).toBe(false);
      expect(can(role("gitana-dev-deploy"), action, state("prod"))).toBe(false);
    }
  });

  test("without a lock file the plan role writes nothing at all in S3 (its lock is the DynamoDB item)", () => {
    expect(can(role("gitana-prod-plan"), "s3:PutObject", lock("prod"))).toBe(false);
  });

  test("only break-glass may change the bucket policy, versioning or encryption, or delete the bucket", () => {
    for (const action of ["s3:PutBucketPolicy", "s3:PutBucketVersioning", "s3:DeleteBucket"]) {
      const denied = policy.filter(
        (s) => s.effect === "Deny" && applies(s, role("gitana-prod-deploy"), action, BUCKET),
      );
      expect(denied.map((s) => s.sid)).toEqual(["DenyBucketAdministrationButBreakGlass"]);
      expect(
        policy.some(
          (s) =>
            s.effect === "Deny" && applies(s, role("gitana-state-break-glass"), action, BUCKET),
        ),
      ).toBe(false);
    }
  });
});

describe("state bucket policy (S3 lock file)", () => {
  const policy = bucketPolicy(bootstrapWith(true));
  const can = (who: string, action: string, object: string) => allowed(policy, who, action, object);

  test("the plan role puts and deletes its env's lock object, and only that", () => {
    expect(can(role("gitana-prod-plan"), "s3:PutObject", lock("prod"))).toBe(true);
    expect(can(role("gitana-prod-plan"), "s3:DeleteObject", lock("prod"))).toBe(true);
    expect(can(role("gitana-prod-plan"), "s3:PutObject", state("prod"))).toBe(false);
    expect(can(role("gitana-prod-plan"), "s3:PutObject", `${BUCKET}/gitana/prod/other`)).toBe(
      false,
    );
  });

  test("a plan role cannot take another env's lock", () => {
    expect(can(role("gitana-dev-plan"), "s3:PutObject", lock("prod"))).toBe(false);
  });
});

describe("state key policy", () => {
  const policy = keyPolicy(bootstrapWith(false));

  test("names the readers (plan, deploy, break-glass) for decrypt through S3 only", () => {
    const readers = policy.find((s) => s.sid === "StateRolesDecryptThroughS3");
    expect(readers?.principals).toEqual([
      {
        type: "AWS",
        identifiers: expect.arrayContaining([
          role("gitana-dev-plan"),
          role("gitana-prod-deploy"),
          role("gitana-state-break-glass"),
        ]),
      },
    ]);
    expect(readers?.condition).toEqual([
      { test: "StringEquals", variable: "kms:ViaService", values: [VIA_S3] },
    ]);
  });

  test("names only deploy roles and break-glass as writers, and denies decrypt through S3 to anyone else", () => {
    const writers = policy.find((s) => s.sid === "StateWritersEncryptThroughS3");
    const identifiers = (writers?.principals as { identifiers: string[] }[])[0].identifiers;
    expect(identifiers.filter((arn) => arn.endsWith("-plan"))).toEqual([]);
    expect(allowed(policy, role("Admin"), "kms:Decrypt", "*")).toBe(false);
    expect(
      policy.some((s) => s.effect === "Deny" && applies(s, role("Admin"), "kms:Decrypt", "*")),
    ).toBe(true);
  });
});

describe("state access config", () => {
  const rejected = (edit: (access: Record<string, unknown>) => void) => {
    const input = bootstrapInput() as unknown as { stateAccess: Record<string, unknown> };
    edit(input.stateAccess);
    return () => loadEnvConfig("bootstrap", input);
  };

  test("a role ARN that is not one is refused at synth, naming field and value", () => {
    expect(rejected((a) => (a.breakGlassRoleArn = "gitana-admin"))).toThrow(
      'stateAccess.breakGlassRoleArn: "gitana-admin" must be an IAM role ARN such as arn:aws:iam::111122223333:role/gitana-prod-deploy',
    );
    expect(
      rejected(
        (a) =>
          ((a.envs as Record<string, Record<string, string>>).prod.planRoleArn =
            "arn:aws:iam::111122223333:user/ci"),
      ),
    ).toThrow("stateAccess.envs.prod.planRoleArn");
  });

  test("a plan role that is also a deploy role is refused: it would write state from unreviewed code", () => {
    expect(
      rejected((a) => {
        const prod = (a.envs as Record<string, Record<string, string>>).prod;
        prod.planRoleArn = prod.deployRoleArn;
      }),
    ).toThrow(
      `stateAccess.envs.prod.deployRoleArn: "${role("gitana-prod-deploy")}" is already envs.prod.planRoleArn: each env's plan and deploy roles and the break-glass role must be distinct roles`,
    );
  });

  test("the bootstrap env requires stateAccess", () => {
    const input: Partial<ReturnType<typeof bootstrapInput>> = bootstrapInput();
    delete input.stateAccess;
    expect(() => loadEnvConfig("bootstrap", input)).toThrow(
      "stateAccess: (missing) is required: an object with envs, breakGlassRoleArn",
    );
  });

  test("every env whose state lives in the bucket must have roles in stateAccess", () => {
    const envs = mkdtempSync(join(tmpdir(), "gitana-access-envs-"));
    const bootstrap = bootstrapInput();
    delete (bootstrap.stateAccess.envs as Record<string, unknown>).staging;
    for (const [env, config] of [
      ["bootstrap", bootstrap],
      ["staging", stagingInput()],
    ] as const) {
      mkdirSync(join(envs, env));
      writeFileSync(join(envs, env, "index.js"), `exports.config = ${JSON.stringify(config)};`);
    }
    expect(() => loadEnvironments(envs)).toThrow(
      'Invalid config for env "bootstrap" (envs/bootstrap):\n  - stateAccess.envs: ["dev","prod"] has no roles for env "staging", whose state lives in this bucket: only break-glass could reach it; add staging: { planRoleArn, deployRoleArn }',
    );
  });
});
