/**
 * `npm run render-config -- <env>`: writes the Gitana config files the env's containers will get
 * into cdktf.out/rendered-config/<env>/ and prints their paths, so they can be reviewed before a
 * deploy. Values only known after apply (endpoints, ARNs) appear as `[[terraform: <reference>]]`;
 * `${NAME}` placeholders are filled in the container from its environment.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CONFIG_PREFIX } from "../modules/storage";
import { renderedConfigFiles } from "./lib/rendered-config";
import { envArgument } from "./lib/env-arg";
import { synthAll } from "./lib/synth";

function main(): number {
  const env = envArgument("render-config", { platformOnly: true })?.env;
  if (!env) return 2;
  const root = join(__dirname, "..", "cdktf.out");
  const stackDirs = synthAll(join(root, "render-config"));
  const stack = JSON.parse(readFileSync(join(stackDirs[env], "cdk.tf.json"), "utf8"));
  const outDir = join(root, "rendered-config", env);
  rmSync(outDir, { recursive: true, force: true });
  for (const [path, content] of renderedConfigFiles(stack, CONFIG_PREFIX)) {
    const file = join(outDir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(file);
  }
  return 0;
}

process.exit(main());
