/**
 * Two projects, split by folder so a suite's place decides where it runs:
 * - unit: every suite outside test/plan/ and test/integration/; runs no terraform (its test
 *   environment fails a suite that starts terraform): `npm run test:unit`.
 * - terraform: the suites under those folders, which init, validate and plan with terraform.
 * `npm test` runs both.
 *
 * jest only transpiles: tsconfig.json sets `isolatedModules`, which makes ts-jest use
 * transpileModule; type-checking runs once, in `npm run typecheck`.
 * Measured on a test file that synthesizes three resources: type-checking costs ~13 s and 1.8 GB
 * per file; transpiling ~1 s and 155 MB.
 * @type {import('jest').Config}
 */
const TERRAFORM_FOLDERS = ["<rootDir>/test/plan/", "<rootDir>/test/integration/"];

const common = {
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  // Tests synthesize as main.ts does: without a stack trace per token (half of a synth-heavy suite).
  setupFiles: ["<rootDir>/test/setup/creation-stacks.ts"],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: "unit",
      roots: ["<rootDir>/test"],
      testPathIgnorePatterns: ["/node_modules/", ...TERRAFORM_FOLDERS],
      testEnvironment: "<rootDir>/test/setup/unit-environment.js",
    },
    {
      ...common,
      displayName: "terraform",
      roots: TERRAFORM_FOLDERS,
      testEnvironment: "node",
    },
  ],
  // The terraform suites plan every stack; give them room on a 2-core machine.
  testTimeout: 120000,
};
