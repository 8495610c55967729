import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigProblem } from "./load";
import type { EnvConfig } from "./schema";

/**
 * The engine versions each env runs, committed beside the env folders (envs/engine-versions.json)
 * and raised in the same change that raises an env's config. It is the floor: AWS upgrades an
 * OpenSearch domain in place but never downgrades it ("The upgrade process is irreversible", AWS
 * OpenSearch Service developer guide, "Upgrading a domain"), so a lower version would plan as an
 * in-place update and fail only at apply.
 */
export const ENGINE_VERSIONS_FILE = "engine-versions.json";

export interface RecordedEngineVersions {
  readonly [env: string]: { readonly openSearch?: string };
}

export function readEngineVersions(envsDir: string): RecordedEngineVersions {
  const file = join(envsDir, ENGINE_VERSIONS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as RecordedEngineVersions) : {};
}

/** `OpenSearch_2.19` -> [2, 19]. */
function versionParts(version: string): number[] {
  return (/_(\d+)\.(\d+)$/.exec(version) ?? []).slice(1).map(Number);
}

function isLower(version: string, than: string): boolean {
  const [a, b] = [versionParts(version), versionParts(than)];
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** A problem when the env's OpenSearch engine is older than the version recorded for it. */
export function engineDowngradeProblems(
  config: EnvConfig,
  recorded: RecordedEngineVersions,
): ConfigProblem[] {
  if (config.kind !== "platform") return [];
  const floor = recorded[config.env]?.openSearch;
  const version = config.openSearch.engineVersion;
  if (floor === undefined || !isLower(version, floor)) return [];
  return [
    {
      field: "openSearch.engineVersion",
      value: version,
      rule: `is lower than ${floor}, the version envs/${ENGINE_VERSIONS_FILE} records for this env: OpenSearch domains cannot be downgraded (AWS upgrades are irreversible); keep ${floor} or later, or restore a snapshot into a new domain`,
    },
  ];
}
