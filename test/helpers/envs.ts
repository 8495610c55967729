import { readdirSync } from "node:fs";
import { ENVS_DIR } from "../../tools/paths";

/**
 * The env folders of the repository, so tests that go over every env keep passing (and keep
 * covering) when a user adds one with `npm run new-env`.
 */
export const ENV_NAMES = readdirSync(ENVS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** The envs that run Gitana: all but the state backend's. */
export const PLATFORM_ENVS = ENV_NAMES.filter((env) => env !== "bootstrap");
