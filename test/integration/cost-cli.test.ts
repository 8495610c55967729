import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ENV_NAMES } from "../helpers/envs";

const ROOT = join(__dirname, "..", "..");

/** Runs `npm run cost -- <args>` the way the package script does. */
function cost(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, "node_modules", "ts-node", "dist", "bin.js"),
      "--transpile-only",
      "scripts/cost.ts",
      ...args,
    ],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

it("refuses an unknown env with exit code 2, listing the known ones", () => {
  const result = cost("nosuch");
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain(`Unknown env "nosuch". Known envs: ${ENV_NAMES.join(", ")}`);
});

it("refuses a compare list with an unknown env the same way", () => {
  const result = cost("--compare", "dev, nosuch");
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`Unknown env "nosuch". Known envs: ${ENV_NAMES.join(", ")}`);
});

it("prints usage with exit code 2 when no env is given", () => {
  const result = cost();
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("Usage: npm run cost -- <env>");
});

it("compares dev, staging and prod side by side, with a total per env", () => {
  const result = cost("--compare", "dev,staging,prod");
  expect(result.code).toBe(0);
  const lines = result.stdout.split("\n");
  expect(lines[2]).toMatch(/^Component\s+dev\s+staging\s+prod$/);
  expect(lines.find((l) => l.startsWith("Total"))).toMatch(/^Total(\s+[\d,]+\.\d\d){3}$/);
  expect(result.stdout).toContain("Unpriced resources (not in the totals): none");
});
