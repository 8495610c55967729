/**
 * `npm run stateful-ids [-- --update]`: compares the addresses of every env's stateful resources
 * with test/stateful-ids.json (the record `npm test` checks), or rewrites the record and the
 * networks of the data-protecting envs (envs/deployed-networks.json).
 */
import { runCommand } from "../tools/cli";
import { checkStatefulIds } from "../tools/policy/stateful-record";

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

runCommand(spec, ({ values }) => checkStatefulIds(values.update === true));
