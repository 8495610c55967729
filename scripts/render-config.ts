/**
 * `npm run render-config -- <env>...`: writes the Gitana config files each env's containers will
 * get into cdktf.out/rendered-config/<env>/ and prints their paths, so they can be reviewed before
 * a deploy. Values only known after apply (endpoints, ARNs) appear as `[[terraform: <reference>]]`;
 * `${NAME}` placeholders are filled in the container from its environment.
 */
import { envConfigs, runCommand } from "../tools/cli";
import { writeRenderedConfig } from "../tools/harness/rendered-config";

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
  for (const file of writeRenderedConfig(envs)) console.log(file);
});
