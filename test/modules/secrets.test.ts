import { readFileSync } from "node:fs";
import { devInput, prodInput } from "../helpers/configs";
import { ref, resourceOf, resourcesOf, synthEnv } from "../helpers/synth";

const prod = synthEnv("prod", prodInput());
const dev = synthEnv("dev", devInput());

describe("GitanaSecrets", () => {
  test.each([
    "root-properties",
    "properties-private-key",
    "license",
    "cluster-group-password",
    "antivirus-credentials",
  ])("creates the %s secret, encrypted with the secrets key", (suffix) => {
    expect(resourceOf(prod, "aws_secretsmanager_secret", `secrets_${suffix}_`)).toMatchObject({
      name: `gitana-prod/${suffix}`,
      kms_key_id: ref(prod, "aws_kms_key", "secrets-key", "arn"),
      recovery_window_in_days: 30,
    });
  });

  test("dev's secrets are deleted at once, so a re-created env can reuse the names", () => {
    expect(
      resourcesOf(dev, "aws_secretsmanager_secret").map(([, s]) => s.recovery_window_in_days),
    ).toEqual(Array(5).fill(0));
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
    for (const suffix of [
      "root-properties",
      "properties-private-key",
      "license",
      "cluster-group-password",
      "antivirus-credentials",
    ]) {
      expect(runbook).toContain(`put-secret-value --secret-id gitana-<env>/${suffix}`);
    }
  });
});

/** Every object key anywhere in a JSON value. */
function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
  return [];
}
