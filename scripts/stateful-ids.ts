/**
 * `npm run stateful-ids [-- --update]`: compares the addresses of every env's stateful resources
 * with test/stateful-ids.json (the record `npm test` checks), or rewrites the record and the
 * networks of the data-protecting envs (envs/deployed-networks.json).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../config/environments";
import { DEPLOYED_NETWORKS_FILE, deployedNetworks } from "../config/deployed-networks";
import { statefulAddresses, statefulIdChange } from "../policy/stateful-ids";
import { ENVS_DIR, synthAll } from "./lib/synth";

const RECORD = join(__dirname, "..", "test", "stateful-ids.json");

const update = process.argv.includes("--update");
if (update) {
  // First the networks data-protecting envs are deployed on (their config may not leave them),
  // read past the current record: recording the change is what --update is for.
  const networks = join(ENVS_DIR, DEPLOYED_NETWORKS_FILE);
  const configs = loadEnvironments(ENVS_DIR, { ignoreDeployedNetworks: true });
  writeFileSync(networks, `${JSON.stringify(deployedNetworks(configs), null, 2)}\n`);
  console.log(`recorded the networks of the envs that protect their data in ${networks}`);
}
const stackDirs = synthAll(join(mkdtempSync(join(tmpdir(), "gitana-ids-")), "cdktf.out"));
const current = Object.fromEntries(
  Object.entries(stackDirs)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([env, dir]) => [
      env,
      statefulAddresses(JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"))),
    ]),
);
if (update) {
  writeFileSync(RECORD, `${JSON.stringify(current, null, 2)}\n`);
  console.log(
    `recorded the stateful resource addresses of ${Object.keys(current).join(", ")} in ${RECORD}`,
  );
} else {
  const recorded = JSON.parse(readFileSync(RECORD, "utf8")) as Record<string, string[]>;
  const changes = Object.entries(current)
    .map(([env, addresses]) => statefulIdChange(env, recorded[env] ?? [], addresses))
    .filter((c): c is string => c !== undefined);
  console.log(changes.length ? changes.join("\n\n") : "no stateful resource changed address");
  process.exitCode = changes.length ? 1 : 0;
}
