/**
 * `npm run stateful-ids [-- --update]`: compares the addresses of every env's stateful resources
 * with test/stateful-ids.json (the record `npm test` checks), or rewrites the record.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { statefulIdChange } from "../policy/stateful-ids";
import { runCommand } from "./lib/cli";
import {
  readStatefulRecord,
  STATEFUL_RECORD,
  statefulAddressesOf,
  writeStatefulRecord,
} from "./lib/stateful-record";
import { synthAll } from "./lib/synth";

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
  const current = statefulAddressesOf(stackDirs);
  if (values.update) {
    writeStatefulRecord(current);
    console.log(
      `recorded the stateful resource addresses of ${Object.keys(current).join(", ")} in ${STATEFUL_RECORD}`,
    );
    return 0;
  }
  const recorded = readStatefulRecord();
  const changes = Object.entries(current)
    .map(([env, addresses]) => statefulIdChange(env, recorded[env] ?? [], addresses))
    .filter((c): c is string => c !== undefined);
  console.log(changes.length ? changes.join("\n\n") : "no stateful resource changed address");
  return changes.length ? 1 : 0;
});
