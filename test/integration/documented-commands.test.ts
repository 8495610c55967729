/**
 * Every `npm run` command in a fenced shell block of README.md or docs/*.md runs as written and
 * exits 0. Commands run once each (duplicates dropped), in the order the docs give them (a later
 * command may use what an earlier one made, e.g. a new env), in a copy of the project that shares
 * its node_modules: commands that write files (the diagram, the references, a new env) cannot
 * touch the working tree or race the suites that read those files.
 *
 * Which scripts run is decided by name, never guessed:
 * - OFFLINE scripts need no AWS account (terraform plans offline against the provider mirror);
 * - DENIED scripts are not run, each for the reason given;
 * a documented command of any other script fails the test until it is put in one of the lists.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import {
  fencedNpmRunCommands,
  markdownFiles,
  NOT_PROJECT_FILES,
  readMarkdown,
  ROOT,
} from "../helpers/markdown";

const OFFLINE = new Set([
  "preview",
  "check",
  "cost",
  "diagram",
  "render-config",
  "stateful-ids",
  "synth",
  "synth:module",
  "build",
  "docs",
  "new-env",
  "format",
]);

const DENIED: Record<string, string> = {
  test: "is the suite this test is part of",
  "test:unit": "is part of npm test, which runs this test",
  typecheck: "npm test runs it before jest",
  lint: "npm test runs it before jest",
  bench: "takes minutes and runs npm test itself; measured on its own",
  cdktf: "runs the cdktf CLI, whose deploy and destroy talk to AWS",
  rehearse: "applies on the AWS emulator for about 20 minutes; run on its own, not inside npm test",
  "change-scenarios":
    "plans prod nine times against a deployed state (minutes on 2 cores); CI runs it on its own, after npm test",
};

const documented = [
  ...new Set(markdownFiles().flatMap((f) => fencedNpmRunCommands(readMarkdown(f)))),
];
const scriptOf = (command: string) => command.split(/\s+/)[2];
const runnable = documented.filter((c) => OFFLINE.has(scriptOf(c)));

test("the commands are read from fenced shell blocks, one per npm run, without comments", () => {
  const markdown = [
    "```sh",
    "npm ci && npm run preview -- dev   # the main job",
    "$ npm run cost -- --compare dev,prod",
    "```",
    "`npm run check -- <env>` inline is prose, and so is a ts block:",
    "```ts",
    'const command = "npm run diagram -- prod";',
    "```",
  ].join("\n");
  expect(fencedNpmRunCommands(markdown)).toEqual([
    "npm run preview -- dev",
    "npm run cost -- --compare dev,prod",
  ]);
});

test("every documented command is offline or denied with a reason", () => {
  const unclassified = documented.filter(
    (c) => !OFFLINE.has(scriptOf(c)) && !(scriptOf(c) in DENIED),
  );
  expect(unclassified).toEqual([]);
});

test("the commands run as written: no placeholders", () => {
  expect(runnable.filter((c) => /<[^>]+>|\.\.\./.test(c))).toEqual([]);
});

describe("documented commands, run in a copy of the project", () => {
  let sandbox: string;

  beforeAll(() => {
    sandbox = mkdtempSync(join(tmpdir(), "gitana-doc-commands-"));
    cpSync(ROOT, sandbox, {
      recursive: true,
      filter: (source) => !NOT_PROJECT_FILES.has(source.slice(ROOT.length + 1).split("/")[0]),
    });
    symlinkSync(join(ROOT, "node_modules"), join(sandbox, "node_modules"), "dir");
  });

  afterAll(() => {
    if (sandbox) rmSync(sandbox, { recursive: true, force: true });
  });

  test.each(runnable.filter((c) => !/<[^>]+>/.test(c)))(
    "%s exits 0",
    (command) => {
      const run = spawnSync("sh", ["-c", command], {
        cwd: sandbox,
        env: { ...process.env, CHECKPOINT_DISABLE: "1" },
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      });
      const verdict =
        run.status === 0 ? "exit 0" : `exit ${run.status}:\n${run.stderr.slice(-4000)}`;
      expect(verdict).toBe("exit 0");
    },
    600_000,
  );
});
