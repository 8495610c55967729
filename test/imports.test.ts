import { devInput } from "./helpers/configs";
import { address, synthEnv, type StackJson } from "./helpers/synth";

describe("adopting existing resources with import blocks", () => {
  test("the README's example adopts an existing bucket and DocumentDB cluster", () => {
    const config = devInput();
    config.imports = {
      "gitana/storage/binaries/bucket": "acme-gitana-binaries",
      "gitana/documentdb/cluster": "acme-gitana-docdb",
    };
    const stack = synthEnv("dev", config) as StackJson & { import?: { id: string; to: string }[] };
    expect(stack.import).toEqual([
      {
        id: "acme-gitana-binaries",
        to: address(stack, "aws_s3_bucket", "storage_binaries_bucket"),
      },
      { id: "acme-gitana-docdb", to: address(stack, "aws_docdb_cluster", "documentdb_cluster") },
    ]);
  });

  test("a path that names no resource is refused, listing the stateful ones", () => {
    const config = devInput();
    config.imports = { "gitana/storage/attachments/bucket": "acme-gitana-binaries" };
    expect(() => synthEnv("dev", config)).toThrow(
      /imports\.gitana\/storage\/attachments\/bucket: "acme-gitana-binaries" names no resource of this env; stateful ones are .*gitana\/storage\/binaries\/bucket/,
    );
  });

  test("paths are checked for shape at validation", () => {
    const config = devInput();
    config.imports = { "storage/binaries": "x" };
    expect(() => synthEnv("dev", config)).toThrow(
      'imports.storage/binaries: "storage/binaries" construct paths start with gitana/',
    );
  });
});
