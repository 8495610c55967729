/**
 * `npm run test:unit` runs no terraform: a suite's folder decides its project (jest.config.js),
 * and the unit project's environment (test/setup/unit-environment.js) fails a suite that starts
 * terraform, so a suite that needs it cannot land in the unit set unnoticed.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { delimiter, join } from "node:path";

const MOVE_IT = "unit suites run none: move it to test/plan/ or test/integration/";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the jest config is CommonJS, outside the TS program
const config = require("../jest.config.js") as {
  projects: { displayName: string; roots: string[]; testPathIgnorePatterns?: string[] }[];
};
const project = (name: string) => config.projects.find((p) => p.displayName === name);

describe("the unit set", () => {
  test("is every suite outside test/plan/ and test/integration/; those two are the terraform set", () => {
    const terraformFolders = ["<rootDir>/test/plan/", "<rootDir>/test/integration/"];
    expect(project("unit")?.testPathIgnorePatterns).toEqual(
      expect.arrayContaining(terraformFolders),
    );
    expect(project("terraform")?.roots).toEqual(terraformFolders);
  });

  test("a unit suite that starts terraform fails at once, saying where the suite belongs", () => {
    expect(() => spawnSync("terraform", ["version"])).toThrow(MOVE_IT);
  });

  test("a script a unit suite runs finds a terraform that refuses, and the attempt is recorded", () => {
    const shimDir = String(process.env.PATH).split(delimiter)[0];
    const run = spawnSync("sh", ["-c", "terraform version"], { encoding: "utf8" });
    const attempts = readFileSync(join(shimDir, "attempts"), "utf8");
    // The environment fails a suite that leaves an attempt behind; this one made it on purpose.
    rmSync(join(shimDir, "attempts"));
    expect([run.status, run.stderr.trim(), attempts]).toEqual([
      97,
      "unit suites run no terraform: move the suite to test/plan/ or test/integration/",
      "terraform version\n",
    ]);
  });
});
