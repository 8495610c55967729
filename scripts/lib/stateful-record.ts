import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { statefulAddresses } from "../../policy/stateful-ids";

/**
 * test/stateful-ids.json: the addresses of every env's stateful resources, which `npm test`
 * compares with the stacks so a renamed construct cannot silently replace a database.
 */
export const STATEFUL_RECORD = join(__dirname, "..", "..", "test", "stateful-ids.json");

export type StatefulRecord = Record<string, string[]>;

/** The stateful addresses of each synthesized stack, envs in name order. */
export function statefulAddressesOf(stackDirs: Record<string, string>): StatefulRecord {
  return Object.fromEntries(
    Object.keys(stackDirs)
      .sort()
      .map((env) => [
        env,
        statefulAddresses(JSON.parse(readFileSync(join(stackDirs[env], "cdk.tf.json"), "utf8"))),
      ]),
  );
}

export function readStatefulRecord(file = STATEFUL_RECORD): StatefulRecord {
  return JSON.parse(readFileSync(file, "utf8")) as StatefulRecord;
}

export function writeStatefulRecord(record: StatefulRecord, file = STATEFUL_RECORD): void {
  const sorted = Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((env) => [env, record[env]]),
  );
  writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
}
