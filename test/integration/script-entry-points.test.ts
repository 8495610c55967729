import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * Every `npm run` entry point, run as a process the way npm runs it (ts-node): the parser's own
 * behaviour is specified in test/scripts/cli.test.ts; this shows each script goes through it.
 */
const ROOT = join(__dirname, "..", "..");

// Every script runs through the parser: a misspelt --help is refused before anything is built.
const scripts = readdirSync(join(ROOT, "scripts")).filter((file) => file.endsWith(".ts"));

test.each(scripts)("scripts/%s refuses a misspelt flag with exit code 2", (script) => {
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, "node_modules", "ts-node", "dist", "bin.js"),
      "--transpile-only",
      `scripts/${script}`,
      "--helpp",
    ],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } },
  );
  expect(result.stderr).toContain("Unknown option --helpp (did you mean --help?)");
  expect(result.stderr).toMatch(/Usage: npm run \S+/);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(result.status).toBe(2);
});
