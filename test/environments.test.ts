import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../config/environments";
import { ENVS_DIR, synthAll } from "../scripts/lib/synth";

/** An envs folder in a temp dir, each env's index.js exporting the given config. */
function envsFolder(envs: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "gitana-envs-"));
  for (const [name, config] of Object.entries(envs)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "index.js"), `exports.config = ${JSON.stringify(config)};`);
  }
  return dir;
}

describe("environments", () => {
  test("one stack per env folder, named after the folder", () => {
    expect(loadEnvironments(ENVS_DIR).map((c) => [c.env, c.kind])).toEqual([
      ["bootstrap", "bootstrap"],
      ["dev", "platform"],
      ["prod", "platform"],
      ["staging", "platform"],
    ]);
  });

  test("adding an env is adding a folder", () => {
    const { config: dev } = jest.requireActual("../envs/dev");
    expect(loadEnvironments(envsFolder({ qa: dev })).map((c) => c.env)).toEqual(["qa"]);
  });

  test("reports the problems of every invalid env together", () => {
    const { config: dev } = jest.requireActual("../envs/dev");
    const dir = envsFolder({
      a: { ...dev, accountId: "x" },
      b: dev,
      c: { ...dev, region: "mars" },
    });
    expect(() => loadEnvironments(dir)).toThrow(
      /Invalid config for env "a" \(envs\/a\):\n {2}- accountId: "x" must be an AWS account id[\s\S]*Invalid config for env "c"/,
    );
  });

  test("a folder without an exported config is an error, not a silently missing stack", () => {
    const dir = envsFolder({});
    mkdirSync(join(dir, "empty"));
    writeFileSync(join(dir, "empty", "index.js"), "exports.other = 1;");
    expect(() => loadEnvironments(dir)).toThrow('Invalid config for env "empty"');
  });

  test("an invalid env synthesizes nothing, not even the valid envs", () => {
    const { config: dev } = jest.requireActual("../envs/dev");
    const outdir = join(mkdtempSync(join(tmpdir(), "gitana-out-")), "cdktf.out");
    expect(() => synthAll(outdir, envsFolder({ good: dev, bad: { ...dev, network: {} } }))).toThrow(
      'Invalid config for env "bad"',
    );
    expect(existsSync(outdir)).toBe(false);
  });
});
