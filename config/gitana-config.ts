import { existsSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { z } from "zod";

/** Env config of the rendered Gitana configuration: additions a user makes to ours. */

/** The project root, which extraFiles paths are relative to. */
export const PROJECT_ROOT = [join(__dirname, ".."), join(__dirname, "..", "..")].find((dir) =>
  existsSync(join(dir, "package.json")),
) as string;

const PROPERTY_KEY = /^[A-Za-z][A-Za-z0-9._-]*$/;
const CONFIG_PATH = /^(api|ui)\/([A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export const gitanaConfigSchema = z
  .strictObject({
    /** Properties merged over ours in api/classes/container.properties. Never put a secret here:
     * reference it as ${ENV_VAR} and inject the env var from Secrets Manager. @default {} */
    extraProperties: z
      .record(
        z.string().regex(PROPERTY_KEY, {
          error: "property keys must be letters, digits, dots, dashes and underscores",
        }),
        z.string({ error: "property values must be strings" }),
      )
      .default({}),
    /** Further files, by path under the config prefix (`api/...` or `ui/...`), from a file in this
     * repository (path relative to the project root). Text only; never a secret. @default {} */
    extraFiles: z
      .record(
        z.string().regex(CONFIG_PATH, {
          error: "paths must start with api/ or ui/ and contain no .. or empty segments",
        }),
        z.string({ error: "must be a file path relative to the project root" }),
      )
      .default({}),
  })
  .superRefine((config, ctx) => {
    for (const [path, source] of Object.entries(config.extraFiles)) {
      const file = isAbsolute(source) ? source : join(PROJECT_ROOT, source);
      if (!existsSync(file) || !statSync(file).isFile()) {
        ctx.addIssue({
          code: "custom",
          path: ["extraFiles", path],
          input: source,
          message: "is not a file (paths are relative to the project root)",
        });
      }
    }
  });

export type GitanaConfigSettings = z.output<typeof gitanaConfigSchema>;
