import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCK_FILE } from "../../facts/artifact-names";
import { ENVS_DIR } from "../../tools/paths";
import { synthAll } from "../../tools/harness/synth";
import { createOfflineRunner } from "../../tools/harness/terraform";

const envs = readdirSync(ENVS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const stacks = synthAll(join(mkdtempSync(join(tmpdir(), "gitana-lock-")), "cdktf.out"));

describe("provider lock files", () => {
  test.each(envs)(
    "envs/%s commits its lock file, pinning the aws provider the bindings are generated for",
    (env) => {
      const lock = readFileSync(join(ENVS_DIR, env, LOCK_FILE), "utf8");
      expect(lock).toContain(
        'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.100.0"',
      );
      expect(lock).toMatch(/hashes = \[\n\s+"h1:[A-Za-z0-9+/=]{44}",/);
    },
  );

  test.each(envs)("synth puts envs/%s's lock file into its stack folder", (env) => {
    expect(readFileSync(join(stacks[env], LOCK_FILE), "utf8")).toBe(
      readFileSync(join(ENVS_DIR, env, LOCK_FILE), "utf8"),
    );
  });

  test("init is read-only against it: a provider that does not match the recorded checksum is refused", async () => {
    const dir = stacks.bootstrap;
    const lock = readFileSync(join(dir, LOCK_FILE), "utf8");
    writeFileSync(
      join(dir, LOCK_FILE),
      lock.replace(/"h1:[^"]+"/, '"h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="'),
    );
    const result = await createOfflineRunner().init(dir);
    expect(result.code).not.toBe(0);
    expect((result.stdout + result.stderr).replace(/\s+/g, " ")).toContain(
      "doesn't match any of the checksums previously recorded in the dependency lock file",
    );
    expect(readFileSync(join(dir, LOCK_FILE), "utf8")).not.toBe(lock); // not rewritten
  });
});
