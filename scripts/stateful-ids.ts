/**
 * `npm run stateful-ids [-- --update]`: compares the addresses of every env's stateful resources
 * with test/stateful-ids.json (the record `npm test` checks), or rewrites the record.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { statefulAddresses, statefulIdChange } from "../policy/stateful-ids";
import { runCommand } from "./lib/cli";
import { synthAll } from "./lib/synth";

const RECORD = join(__dirname, "..", "test", "stateful-ids.json");

const spec = {
  command: "stateful-ids",
  summary:
    "Compares the addresses of every env's stateful resources (databases, buckets, keys, ...) " +
    "with the record npm test checks, test/stateful-ids.json; exit code 1 when one moved.",
  options: {
    update: { type: "boolean", description: "rewrite the record from the current stacks instead" },
  },
} as const;

runCommand(spec, ({ values }) => {
  const stackDirs = synthAll(join(mkdtempSync(join(tmpdir(), "gitana-ids-")), "cdktf.out"));
  const current = Object.fromEntries(
    Object.entries(stackDirs)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([env, dir]) => [
        env,
        statefulAddresses(JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"))),
      ]),
  );
  if (values.update) {
    writeFileSync(RECORD, `${JSON.stringify(current, null, 2)}\n`);
    console.log(
      `recorded the stateful resource addresses of ${Object.keys(current).join(", ")} in ${RECORD}`,
    );
    return 0;
  }
  const recorded = JSON.parse(readFileSync(RECORD, "utf8")) as Record<string, string[]>;
  const changes = Object.entries(current)
    .map(([env, addresses]) => statefulIdChange(env, recorded[env] ?? [], addresses))
    .filter((c): c is string => c !== undefined);
  console.log(changes.length ? changes.join("\n\n") : "no stateful resource changed address");
  return changes.length ? 1 : 0;
});
