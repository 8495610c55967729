import { z } from "zod";

/**
 * Existing AWS resources to bring under this project's management with Terraform `import` blocks,
 * by construct path (as in `cdk.tf.json`'s `//.metadata.path`, without the env) to import id.
 * Example: `{ "gitana/storage/binaries/bucket": "my-existing-bucket" }`.
 */
export const importsSchema = z
  .record(
    z.string().regex(/^gitana\/[A-Za-z0-9/_-]+$/, {
      error:
        "construct paths start with gitana/ and name one resource, e.g. gitana/storage/binaries/bucket",
    }),
    z
      .string({ error: "must be the import id of the existing resource" })
      .min(1, { error: "must not be empty" }),
    { error: "must map construct paths to import ids" },
  )
  .default({});
