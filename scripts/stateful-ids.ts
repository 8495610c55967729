/**
 * `npm run stateful-ids [-- --update]`: compares the addresses of every env's stateful resources
 * with test/stateful-ids.json (the record `npm test` checks), or rewrites the record and the
 * networks of the data-protecting envs (envs/deployed-networks.json).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEPLOYED_NETWORKS_FILE, deployedNetworks } from "../config/deployed-networks";
import { loadEnvironments } from "../config/environments";
import { statefulIdChange } from "../policy/stateful-ids";
import { runCommand } from "./lib/cli";
import {
  readStatefulRecord,
  STATEFUL_RECORD,
  statefulAddressesOf,
  writeStatefulRecord,
} from "./lib/stateful-record";
import { ENVS_DIR, synthAll } from "./lib/synth";

const spec = {
  command: "stateful-ids",
  summary:
    "Compares the addresses of every env's stateful resources (databases, buckets, keys, ...) " +
    "with the record npm test checks, test/stateful-ids.json; exit code 1 when one moved.",
  options: {
    update: {
      type: "boolean",
      description:
        "rewrite the record (and envs/deployed-networks.json) from the current stacks instead",
    },
  },
} as const;

runCommand(spec, ({ values }) => {
  if (values.update) {
    // First the networks data-protecting envs are deployed on (their config may not leave them),
    // read past the current record: recording the change is what --update is for.
    const networks = join(ENVS_DIR, DEPLOYED_NETWORKS_FILE);
    const configs = loadEnvironments(ENVS_DIR, { ignoreDeployedNetworks: true });
    writeFileSync(networks, `${JSON.stringify(deployedNetworks(configs), null, 2)}\n`);
    console.log(`recorded the networks of the envs that protect their data in ${networks}`);
  }
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
