import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../../config/environments";
import { ENGINE_VERSIONS_FILE } from "../../config/engine-versions";
import { ENVS_DIR } from "../../tools/paths";
import { synthAll } from "../../tools/harness/synth";
import { devInput } from "../helpers/configs";

/** An envs folder holding dev's config at `version`, with `recorded` as its engine record. */
function envsWith(version: string, recorded?: string): string {
  const envs = mkdtempSync(join(tmpdir(), "gitana-engine-envs-"));
  mkdirSync(join(envs, "dev"));
  const config = devInput();
  config.openSearch.engineVersion = version;
  writeFileSync(join(envs, "dev", "index.js"), `exports.config = ${JSON.stringify(config)};`);
  if (recorded) {
    writeFileSync(
      join(envs, ENGINE_VERSIONS_FILE),
      JSON.stringify({ dev: { openSearch: recorded } }),
    );
  }
  return envs;
}

describe("OpenSearch engine versions never go down", () => {
  test("a version below the recorded one is refused at synth, naming field, value and floor, and nothing is written", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "gitana-engine-out-")), "cdktf.out");
    expect(() => synthAll(outdir, envsWith("OpenSearch_2.17", "OpenSearch_2.19"))).toThrow(
      'Invalid config for env "dev" (envs/dev):\n  - openSearch.engineVersion: "OpenSearch_2.17" is lower than OpenSearch_2.19, the version envs/engine-versions.json records for this env: OpenSearch domains cannot be downgraded',
    );
    expect(existsSync(outdir)).toBe(false);
  });

  test("the recorded version and later ones are accepted; versions compare as numbers (2.19 > 2.3)", () => {
    for (const [version, recorded] of [
      ["OpenSearch_2.19", "OpenSearch_2.19"],
      ["OpenSearch_2.19", "OpenSearch_2.17"],
      ["OpenSearch_2.19", "OpenSearch_2.3"],
    ]) {
      expect(loadEnvironments(envsWith(version, recorded))).toHaveLength(1);
    }
  });

  test("an env without a record (a new one) has no floor yet", () => {
    expect(loadEnvironments(envsWith("OpenSearch_2.11"))).toHaveLength(1);
  });

  test("envs/engine-versions.json records exactly what each shipped env runs: raise it with the config", () => {
    const recorded = JSON.parse(
      readFileSync(join(ENVS_DIR, ENGINE_VERSIONS_FILE), "utf8"),
    ) as Record<string, { openSearch: string }>;
    const running = Object.fromEntries(
      loadEnvironments(ENVS_DIR).flatMap((config) =>
        config.kind === "platform"
          ? [[config.env, { openSearch: config.openSearch.engineVersion }]]
          : [],
      ),
    );
    expect(recorded).toEqual(running);
  });
});
