import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devInput } from "../helpers/configs";

const ROOT = join(__dirname, "..", "..");

/**
 * Runs main.ts the way `cdktf synth` does (cdktf.json's app command) in a copy of the project
 * whose envs folder holds the given configs; everything else is the repository's own code.
 */
function synthApp(envs: Record<string, unknown>) {
  const project = mkdtempSync(join(tmpdir(), "gitana-main-"));
  for (const file of ["main.ts", "tsconfig.json", "package.json"])
    copyFileSync(join(ROOT, file), join(project, file));
  for (const shared of ["config", "facts", "constructs", "synthesized", "tools", "node_modules"])
    symlinkSync(join(ROOT, shared), join(project, shared));
  for (const [env, config] of Object.entries(envs)) {
    mkdirSync(join(project, "envs", env), { recursive: true });
    writeFileSync(
      join(project, "envs", env, "index.js"),
      `exports.config = ${JSON.stringify(config)};`,
    );
  }
  const result = spawnSync(
    process.execPath,
    ["--require", "ts-node/register/transpile-only", "main.ts"],
    {
      cwd: project,
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    },
  );
  return { code: result.status, stderr: result.stderr };
}

test("an invalid config stops cdktf synth with its message only: no Node stack trace", () => {
  const bad = { ...devInput(), region: "mars" };
  const result = synthApp({ dev: bad });
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toBe(
    'Invalid config for env "dev" (envs/dev):\n  - region: "mars" must be an AWS region code such as eu-west-1',
  );
});
