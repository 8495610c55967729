import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../config/environments";
import { ENVS_DIR } from "../tools/paths";
import { synthAll } from "../tools/harness/synth";
import { ENV_NAMES } from "./helpers/envs";

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
    expect(loadEnvironments(ENVS_DIR).map((c) => [c.env, c.kind])).toEqual(
      ENV_NAMES.map((env) => [env, env === "bootstrap" ? "bootstrap" : "platform"]),
    );
    expect(ENV_NAMES).toEqual(expect.arrayContaining(["bootstrap", "dev", "prod", "staging"]));
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

  test("two envs with the same VPC range in one account are refused, naming both", () => {
    const { config: dev } = jest.requireActual("../envs/dev");
    expect(() => loadEnvironments(envsFolder({ a: dev, b: { ...dev, tags: {} } }))).toThrow(
      'Invalid config for env "b" (envs/b):\n  - network.vpcCidr: "10.40.0.0/20" is also the VPC range of env "a" in account 111122223333',
    );
  });

  test("the same VPC range in two accounts is each account's own business", () => {
    const { config: dev } = jest.requireActual("../envs/dev");
    const other = { ...dev, accountId: "444455556666" };
    expect(loadEnvironments(envsFolder({ a: dev, b: other })).map((c) => c.env)).toEqual([
      "a",
      "b",
    ]);
  });

  test("two envs with one domain in one hosted zone are refused: they would write the same records", () => {
    const { config: prod } = jest.requireActual("../envs/prod");
    const copy = { ...prod, network: { ...prod.network, vpcCidr: "10.50.0.0/16" } };
    expect(() => loadEnvironments(envsFolder({ a: prod, b: copy }))).toThrow(
      'Invalid config for env "b" (envs/b):\n  - compute.domain: {"name":"cms.example.com","hostedZoneId":"Z0EXAMPLE000000PROD01"} is also env "a"\'s domain in the same hosted zone',
    );
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
