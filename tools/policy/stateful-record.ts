import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEPLOYED_NETWORKS_FILE, deployedNetworks } from "../../config/deployed-networks";
import { loadEnvironments } from "../../config/environments";
import { synthAll } from "../harness/synth";
import { ENVS_DIR, fromRoot } from "../paths";
import { statefulAddresses, statefulIdChange } from "./stateful-ids";

/**
 * test/stateful-ids.json: the addresses of every env's stateful resources, which `npm test`
 * compares with the stacks so a renamed construct cannot silently replace a database.
 */
export const STATEFUL_RECORD = fromRoot("test", "stateful-ids.json");

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

/**
 * Compares every env's stateful addresses with the record and prints what moved (exit code 1),
 * or with `update` records the networks of the data-protecting envs and the current addresses.
 */
export function checkStatefulIds(update: boolean): number {
  if (update) {
    // First the networks data-protecting envs are deployed on (their config may not leave them),
    // read past the current record: recording the change is what --update is for.
    const networks = join(ENVS_DIR, DEPLOYED_NETWORKS_FILE);
    const configs = loadEnvironments(ENVS_DIR, { ignoreDeployedNetworks: true });
    writeFileSync(networks, `${JSON.stringify(deployedNetworks(configs), null, 2)}\n`);
    console.log(`recorded the networks of the envs that protect their data in ${networks}`);
  }
  const stackDirs = synthAll(join(mkdtempSync(join(tmpdir(), "gitana-ids-")), "cdktf.out"));
  const current = statefulAddressesOf(stackDirs);
  if (update) {
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
}
