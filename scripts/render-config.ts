/**
 * `npm run render-config -- <env>...`: writes the Gitana config files each env's containers will
 * get into cdktf.out/rendered-config/<env>/ and prints their paths, so they can be reviewed before
 * a deploy. Values only known after apply (endpoints, ARNs) appear as `[[terraform: <reference>]]`;
 * `${NAME}` placeholders are filled in the container from its environment.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CONFIG_PREFIX } from "../modules/storage";
import { renderedConfigFiles } from "./lib/rendered-config";
import { envConfigs, runCommand } from "./lib/cli";
import { synthAll } from "./lib/synth";

const spec = {
  command: "render-config",
  summary:
    "Writes the Gitana config files each env's containers will get into " +
    "cdktf.out/rendered-config/<env>/ and prints their paths.",
  args: "<env>...",
  positionals: { min: 1, max: Infinity },
} as const;

runCommand(spec, ({ positionals }) => {
  const envs = envConfigs(positionals, { platformOnly: true }).map((config) => config.env);
  const root = join(__dirname, "..", "cdktf.out");
  const stackDirs = synthAll(join(root, "render-config"));
  for (const env of envs) {
    const stack = JSON.parse(readFileSync(join(stackDirs[env], "cdk.tf.json"), "utf8"));
    const outDir = join(root, "rendered-config", env);
    rmSync(outDir, { recursive: true, force: true });
    for (const [path, content] of renderedConfigFiles(stack, CONFIG_PREFIX)) {
      const file = join(outDir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      console.log(file);
    }
  }
});
