import { readFileSync } from "node:fs";
import { GITANA_SECRETS, GitanaSecrets, type GitanaSecretsProps } from "../../constructs/secrets";
import { AWS, bareStack, synthStack } from "../helpers/bare-stack";
import { devInput, prodInput } from "../helpers/configs";
import { recordingGrantee } from "../helpers/grantee";
import { ref, resourceOf, resourcesOf, synthEnv, type StackJson } from "../helpers/synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/secrets";
const SUFFIXES = Object.values(GITANA_SECRETS).map((secret) => secret.suffix);

/** GitanaSecrets alone on a bare stack. */
function secrets(props: Partial<GitanaSecretsProps> = {}) {
  const stack = bareStack();
  const construct = new GitanaSecrets(stack, "secrets", {
    aws: AWS,
    namePrefix: "gitana-test",
    kmsKeyArn: KEY,
    recoveryWindowDays: 30,
    ...props,
  });
  return { construct, json: synthStack(stack) };
}

describe("GitanaSecrets", () => {
  const { construct, json } = secrets();

  test("creates one secret per entry of GITANA_SECRETS, named <name>/<suffix>", () => {
    expect(
      resourcesOf(json, "aws_secretsmanager_secret")
        .map(([, s]) => s.name)
        .sort(),
    ).toEqual(SUFFIXES.map((suffix) => `gitana-test/${suffix}`).sort());
  });

  test("each secret is encrypted with the key given and says what it holds", () => {
    expect(resourceOf(json, "aws_secretsmanager_secret", "license")).toMatchObject({
      kms_key_id: KEY,
      description: GITANA_SECRETS.license.description,
    });
  });

  test("recoveryWindowDays sets every secret's recovery window; 0 deletes at once", () => {
    const windows = (stack: StackJson) =>
      resourcesOf(stack, "aws_secretsmanager_secret").map(([, s]) => s.recovery_window_in_days);
    expect(windows(json)).toEqual(SUFFIXES.map(() => 30));
    expect(windows(secrets({ recoveryWindowDays: 0 }).json)).toEqual(SUFFIXES.map(() => 0));
  });

  test.each([3, 31])("refuses a recovery window of %i days, saying what is allowed", (days) => {
    expect(() => secrets({ recoveryWindowDays: days })).toThrow(
      `test/secrets: recoveryWindowDays ${days} is not allowed; use 0 or 7 to 30`,
    );
  });

  test("no value or version of a secret is synthesized", () => {
    expect(resourcesOf(json, "aws_secretsmanager_secret_version")).toEqual([]);
    expect(allKeys(json).filter((key) => /^secret_(string|binary)/.test(key))).toEqual([]);
  });

  test("grantRead gives GetSecretValue on exactly the named secrets, decrypting only through Secrets Manager", () => {
    const grantee = recordingGrantee();
    construct.grantRead(grantee, ["license", "clusterGroupPassword"]);
    expect(grantee.policies["gitana-secrets-read"]).toEqual([
      expect.objectContaining({
        actions: ["secretsmanager:GetSecretValue"],
        resources: [construct.secretArns.license, construct.secretArns.clusterGroupPassword],
      }),
      expect.objectContaining({
        actions: ["kms:Decrypt"],
        resources: [KEY],
        condition: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: ["secretsmanager.eu-west-1.amazonaws.com"],
          },
        ],
      }),
    ]);
  });
});

describe("an env's secrets", () => {
  const prod = synthEnv("prod", prodInput());
  const dev = synthEnv("dev", devInput());

  test("are named for the env and encrypted with its secrets key", () => {
    expect(resourceOf(prod, "aws_secretsmanager_secret", "secrets_license_")).toMatchObject({
      name: "gitana-prod/license",
      kms_key_id: ref(prod, "aws_kms_key", "secrets-key", "arn"),
    });
  });

  test("stay recoverable 30 days in prod; dev's are deleted at once, so a re-created env can reuse the names", () => {
    const windows = (stack: StackJson) =>
      new Set(
        resourcesOf(stack, "aws_secretsmanager_secret").map(([, s]) => s.recovery_window_in_days),
      );
    expect([...windows(prod)]).toEqual([30]);
    expect([...windows(dev)]).toEqual([0]);
  });

  test("no secret value, master password or secret version is ever synthesized", () => {
    const forbidden = [
      "secret_string",
      "secret_string_wo",
      "secret_binary",
      "master_password",
      "master_password_wo",
      "password",
    ];
    for (const stack of [prod, dev]) {
      expect(resourcesOf(stack, "aws_secretsmanager_secret_version")).toEqual([]);
      expect(allKeys(stack).filter((key) => forbidden.includes(key))).toEqual([]);
    }
  });

  test("the first-deploy runbook documents how to put every secret's value", () => {
    const runbook = readFileSync(`${__dirname}/../../docs/first-deploy.md`, "utf8");
    expect(
      SUFFIXES.filter(
        (suffix) => !runbook.includes(`put-secret-value --secret-id gitana-<env>/${suffix}`),
      ),
    ).toEqual([]);
  });
});

/** Every object key anywhere in a JSON value. */
function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
  return [];
}
