import { execFileSync } from "node:child_process";
import { join } from "node:path";

// The import-direction rule of eslint.config.mjs (docs/architecture.md), run on one import per case
// as if it sat in the named file. ESLint's config is an ES module, which jest's CommonJS runtime
// cannot load, so one node process lints all cases.
const ROOT = join(__dirname, "..", "..");

interface Case {
  readonly file: string;
  readonly code: string;
}

/** The rule's messages per case: its text linted as if it were the file `file`. */
function lintMessages(cases: readonly Case[]): string[][] {
  const script = `
    const { ESLint } = await import("eslint");
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = [];
    for (const c of JSON.parse(process.argv[1])) {
      const [result] = await eslint.lintText(c.code, { filePath: c.file });
      out.push(result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message));
    }
    console.log(JSON.stringify(out));`;
  const stdout = execFileSync(
    process.execPath,
    ["--input-type=module", "-e", script, JSON.stringify(cases)],
    { cwd: ROOT, encoding: "utf8" },
  );
  return JSON.parse(stdout) as string[][];
}

const forbidden: readonly (Case & { readonly reason: string })[] = [
  { file: "facts/x.ts", code: 'import { z } from "zod";', reason: "facts/ is the leaf" },
  {
    file: "facts/x.ts",
    code: 'import { m } from "../config/schema";',
    reason: "facts/ is the leaf",
  },
  {
    file: "config/x.ts",
    code: 'import { m } from "../constructs/network";',
    reason: "config/ validates",
  },
  {
    file: "config/x.ts",
    code: 'import { CONTROL_IDS } from "../tools/policy";',
    reason: "config/ validates",
  },
  {
    file: "constructs/network/x.ts",
    code: 'import type { PlatformEnvConfig } from "../../config/schema";',
    reason: "Constructs take plain props",
  },
  {
    file: "constructs/opensearch/x.ts",
    code: 'import { evaluate } from "../../tools/policy";',
    reason: "Constructs take plain props",
  },
  {
    file: "constructs/gitana-platform/outputs.ts",
    code: 'import type { PlatformEnvConfig } from "../../config/schema";',
    reason: "Constructs take plain props",
  },
  {
    file: "constructs/gitana-platform/props-from-config.ts",
    code: 'import { RULES } from "../../tools/policy";',
    reason: "The platform construct reads the env config, never tools",
  },
  {
    file: "tools/policy/rules/x.ts",
    code: 'import { GitanaCompute } from "../../../constructs/ecs";',
    reason: "Tools read what was synthesized",
  },
  {
    file: "tools/cost/x.ts",
    code: 'export { GitanaNetwork } from "../../constructs/network";',
    reason: "Tools read what was synthesized",
  },
  {
    file: "synthesized/x.ts",
    code: 'import { GitanaPlatform } from "../constructs/gitana-platform";',
    reason: "The synthesized model reads cdk.tf.json only",
  },
  {
    file: "envs/x/index.ts",
    code: 'import { m } from "../../constructs/network";',
    reason: "env folder",
  },
];

const allowed: readonly Case[] = [
  { file: "facts/x.ts", code: 'import { parseCidr } from "./cidr";' },
  { file: "config/x.ts", code: 'import { parseCidr } from "../facts/cidr";' },
  { file: "constructs/network/x.ts", code: 'import { parseCidr } from "../../facts/cidr";' },
  {
    file: "constructs/network/x.ts",
    code: 'import { GitanaConfigFiles } from "../gitana-config";',
  },
  {
    file: "constructs/gitana-platform/props-from-config.ts",
    code: 'import type { PlatformEnvConfig } from "../../config/schema";',
  },
  { file: "tools/policy/x.ts", code: 'import { readStack } from "../../synthesized/stack-json";' },
  { file: "tools/policy/x.ts", code: 'import { CONTROL_IDS } from "../../facts/controls";' },
  { file: "envs/x/index.ts", code: 'import type { PlatformEnvInput } from "../../config/schema";' },
];

describe("import directions (eslint no-restricted-imports)", () => {
  const results = lintMessages([...forbidden, ...allowed]);

  test.each(forbidden.map((c, i) => [c.file, c.code, c.reason, i] as const))(
    "%s may not: %s",
    (_file, _code, reason, i) => {
      expect(results[i]).toEqual([expect.stringContaining(reason)]);
    },
  );

  test.each(allowed.map((c, i) => [c.file, c.code, forbidden.length + i] as const))(
    "%s may: %s",
    (_file, _code, i) => {
      expect(results[i]).toEqual([]);
    },
  );
});
