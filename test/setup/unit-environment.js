/**
 * The test environment of the unit project: node, with terraform out of reach. A unit suite that
 * starts terraform (itself, or through a script it runs) fails, naming the folders where a suite
 * that needs terraform belongs. Without it, a slow suite could land in `npm run test:unit`
 * unnoticed.
 */
const childProcess = require("node:child_process");
const {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} = require("node:fs");
const { tmpdir } = require("node:os");
const { basename, join } = require("node:path");
const { TestEnvironment } = require("jest-environment-node");

const TERRAFORM_FOLDERS = "test/plan/ or test/integration/";
const SPAWNERS = ["spawn", "spawnSync", "execFile", "execFileSync", "exec", "execSync"];

/** Whether a child_process call starts terraform, directly or as a shell's first word. */
function startsTerraform(name, command) {
  const program = String(command ?? "").trim();
  const first =
    name.startsWith("exec") && !name.startsWith("execFile") ? program.split(/\s+/)[0] : program;
  return basename(first) === "terraform";
}

class UnitEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
  }

  async setup() {
    await super.setup();
    // Scripts a suite runs find this terraform first on PATH: it records the attempt and fails.
    this.shimDir = mkdtempSync(join(tmpdir(), "gitana-unit-no-terraform-"));
    this.attempts = join(this.shimDir, "attempts");
    const shim = join(this.shimDir, "terraform");
    writeFileSync(
      shim,
      `#!/bin/sh\necho "terraform $*" >> "${this.attempts}"\n` +
        `echo "unit suites run no terraform: move the suite to ${TERRAFORM_FOLDERS}" >&2\nexit 97\n`,
    );
    chmodSync(shim, 0o755);
    this.path = process.env.PATH;
    process.env.PATH = `${this.shimDir}:${this.path}`;
    this.global.process.env.PATH = process.env.PATH;
    // Calls from the suite itself fail at once, with the file to move.
    this.originals = {};
    for (const name of SPAWNERS) {
      const original = childProcess[name];
      this.originals[name] = original;
      const testPath = this.testPath;
      childProcess[name] = function (command, ...rest) {
        if (startsTerraform(name, command)) {
          throw new Error(
            `${testPath} starts terraform; unit suites run none: move it to ${TERRAFORM_FOLDERS}`,
          );
        }
        return original.call(this, command, ...rest);
      };
    }
  }

  async teardown() {
    for (const [name, original] of Object.entries(this.originals ?? {}))
      childProcess[name] = original;
    if (this.path !== undefined) process.env.PATH = this.path;
    const attempts =
      this.attempts && existsSync(this.attempts) ? readFileSync(this.attempts, "utf8") : "";
    if (this.shimDir) rmSync(this.shimDir, { recursive: true, force: true });
    await super.teardown();
    if (attempts) {
      throw new Error(
        `${this.testPath} ran terraform through a child process (${attempts.trim().split("\n")[0]}); ` +
          `unit suites run none: move it to ${TERRAFORM_FOLDERS}`,
      );
    }
  }
}

module.exports = UnitEnvironment;
