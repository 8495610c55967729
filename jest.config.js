/**
 * jest only transpiles: tsconfig.json sets `isolatedModules`, which makes ts-jest use
 * transpileModule; type-checking runs once, in `npm run typecheck`.
 * Measured on a test file that synthesizes three resources: type-checking costs ~13 s and 1.8 GB
 * per file; transpiling ~1 s and 155 MB.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  // Tests synthesize as main.ts does: without a stack trace per token (half of a synth-heavy suite).
  setupFiles: ["<rootDir>/test/setup/creation-stacks.ts"],
  // The plan suite runs terraform for every stack; give it room on a 2-core machine.
  testTimeout: 120000,
};
