import type { z } from "zod";
import { envConfigSchema, MAX_NAME_BASE_LENGTH, type EnvConfig } from "./schema";
import { OPENSEARCH_DOMAIN_NAME_MAX_LENGTH, openSearchDomainName } from "../facts/opensearch";
import { MAX_BUCKET_NAME_LENGTH, stateBackendNames } from "../facts/state-backend-names";
import { knownKeysAt, requiredKeysAt } from "./schema-paths";
import { didYouMean } from "./suggest";

const ENV_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface ConfigProblem {
  /** Dotted path of the field, e.g. `network.vpcCidr`. */
  readonly field: string;
  readonly value: unknown;
  /** What is wrong and what is allowed. */
  readonly rule: string;
}

/** Thrown at synth, before any construct exists, when an env config is invalid. */
export class InvalidConfigError extends Error {
  constructor(
    readonly env: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `Invalid config for env "${env}" (envs/${env}):\n` +
        problems.map((p) => `  - ${p.field}: ${describe(p.value)} ${p.rule}`).join("\n"),
    );
    this.name = "InvalidConfigError";
  }
}

/**
 * Validates one env folder's exported config. Every problem is reported at once, each naming
 * env, field, value and rule; nothing is returned unless the whole config is valid.
 */
export function loadEnvConfig(env: string, raw: unknown): EnvConfig {
  if (!ENV_NAME_PATTERN.test(env)) {
    throw new InvalidConfigError(env, [
      {
        field: "(folder name)",
        value: env,
        rule: "must be lowercase letters, digits and single hyphens, starting with a letter: it names the stack and its resources",
      },
    ]);
  }
  const parsed = envConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new InvalidConfigError(env, parsed.error.issues.flatMap(toProblems));
  const config = { ...parsed.data, env };
  const problems = checkNameLengths(config);
  if (problems.length > 0) throw new InvalidConfigError(env, problems);
  return config;
}

function checkNameLengths(config: EnvConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // The longest of the state backend's bucket names.
  const bucket = stateBackendNames(config.stateBackend).accessLogBucket;
  if (bucket.length > MAX_BUCKET_NAME_LENGTH) {
    problems.push({
      field: "stateBackend.namePrefix",
      value: config.stateBackend.namePrefix,
      rule: `makes the state access-log bucket name "${bucket}" ${bucket.length} characters; S3 allows ${MAX_BUCKET_NAME_LENGTH}`,
    });
  }
  if (config.kind === "platform") {
    const base = `${config.namePrefix}-${config.env}`;
    if (base.length > MAX_NAME_BASE_LENGTH) {
      problems.push({
        field: "namePrefix",
        value: config.namePrefix,
        rule: `makes the resource name base "${base}" ${base.length} characters; it must be at most ${MAX_NAME_BASE_LENGTH} so that names such as the OpenSearch domain "${openSearchDomainName(base)}" stay within AWS limits (${OPENSEARCH_DOMAIN_NAME_MAX_LENGTH})`,
      });
    }
  }
  return problems;
}

function toProblems(issue: z.core.$ZodIssue): ConfigProblem[] {
  const field = issue.path.map(String).join(".") || "(config)";
  if (issue.code === "unrecognized_keys") {
    const known = knownKeysAt(envConfigSchema, issue.path);
    return issue.keys.map((key) => ({
      field: field === "(config)" ? key : `${field}.${key}`,
      value: (issue.input as Record<string, unknown> | undefined)?.[key],
      rule: `is not a known setting${didYouMean(key, known)}; unknown keys are rejected so typos cannot pass`,
    }));
  }
  if (issue.code === "invalid_key") {
    return [
      { field, value: issue.input, rule: issue.issues.map((inner) => inner.message).join("; ") },
    ];
  }
  const key = issue.path[issue.path.length - 1];
  if (
    issue.code === "invalid_union" &&
    isRecord(issue.input) &&
    key !== undefined &&
    String(key) in issue.input
  ) {
    // A bad discriminator (`kind`) is reported with the whole object as input: show the field's value.
    return [{ field, value: issue.input[String(key)], rule: issue.message }];
  }
  if (issue.input === undefined) {
    // A missing object: zod would say "expected object, received undefined"; name what it needs.
    const required =
      issue.code === "invalid_type" ? requiredKeysAt(envConfigSchema, issue.path) : [];
    const rule = required.length
      ? `is required: an object with ${required.join(", ")}`
      : `is required: it ${issue.message}`;
    return [{ field, value: undefined, rule }];
  }
  return [{ field, value: issue.input, rule: issue.message }];
}

function describe(value: unknown): string {
  if (value === undefined) return "(missing)";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
