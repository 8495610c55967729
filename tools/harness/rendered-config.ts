import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CONFIG_PREFIX } from "../../facts/artifact-names";
import { readStackJson } from "../../synthesized/stack-json";
import { OUT_DIR } from "../paths";
import { synthAll } from "./synth";

/**
 * Reads the rendered Gitana config files back out of a synthesized stack: the `aws_s3_object`s
 * under the config prefix, with Terraform's escaping undone (`$${X}` is the literal `${X}` the
 * container sees) and references Terraform fills at apply shown as `[[terraform: <reference>]]`.
 */

/**
 * Writes the config files each env's containers will get into cdktf.out/rendered-config/<env>/
 * (`npm run render-config`); returns the files written.
 */
export function writeRenderedConfig(envs: readonly string[]): string[] {
  const stackDirs = synthAll(join(OUT_DIR, "render-config"));
  return envs.flatMap((env) => {
    const outDir = join(OUT_DIR, "rendered-config", env);
    rmSync(outDir, { recursive: true, force: true });
    return [...renderedConfigFiles(readStackJson(stackDirs[env]), CONFIG_PREFIX)].map(
      ([path, content]) => {
        const file = join(outDir, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
        return file;
      },
    );
  });
}

interface StackWithObjects {
  resource?: { aws_s3_object?: Record<string, { key: string; content?: string }> };
}

/** Rendered files by path under `prefix` (e.g. `api/classes/container.properties`). */
export function renderedConfigFiles(stack: StackWithObjects, prefix: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const object of Object.values(stack.resource?.aws_s3_object ?? {})) {
    if (!object.key.startsWith(`${prefix}/`) || object.content === undefined) continue;
    files.set(object.key.slice(prefix.length + 1), asContainerSeesIt(object.content));
  }
  return files;
}

/** Undo Terraform escaping; mark the values Terraform interpolates. */
export function asContainerSeesIt(content: string): string {
  return content
    .replace(/(\$?)\$\{([^}]*)\}/g, (_match, escaped: string, inner: string) =>
      escaped ? `\${${inner}}` : `[[terraform: ${inner}]]`,
    )
    .replace(/%%\{/g, "%{");
}
