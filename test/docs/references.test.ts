/**
 * The generated references must be what `npm run docs` writes from today's code, and every
 * field of the env schema must say what it is for. docs/outputs.md is checked by
 * test/integration/outputs-reference.test.ts: it synthesizes as `npm run docs` does, with cdktf's
 * terraform version check.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  configFields,
  configurationMarkdown,
  UNDOCUMENTED,
} from "../../tools/docs/config-reference";
import { exportedSchemaTypes } from "../../tools/docs/schema-docs";

const DOCS = join(__dirname, "..", "..", "docs");

function freshness(file: string, generated: string): string {
  const committed = readFileSync(join(DOCS, file), "utf8");
  return committed === generated
    ? "up to date"
    : `docs/${file} is out of date: run \`npm run docs\``;
}

describe("the configuration reference", () => {
  let fields: ReturnType<typeof configFields>;
  beforeAll(() => {
    fields = configFields();
  });

  test("docs/configuration.md is the env schema", () => {
    expect(freshness("configuration.md", configurationMarkdown(fields))).toBe("up to date");
  });

  test("every field of the env schema has a JSDoc description", () => {
    const undocumented = [...fields.flatMap((k) => k.rows), ...fields.shared.flatMap((s) => s.rows)]
      .filter((row) => row.description === UNDOCUMENTED)
      .map((row) => row.path);
    expect(undocumented).toEqual([]);
  });
});

describe("the JSDoc reader", () => {
  const [schema] = exportedSchemaTypes("test/fixtures/schema-docs/schema.ts", ["fixtureSchema"]);
  const fields = schema.fields();
  const doc = (name: string) => fields.get(name)?.doc;

  test("reads a field's own JSDoc and its @default", () => {
    expect(doc("inline")).toEqual({ description: "Declared inline.", defaultText: '"a"' });
  });

  test("falls back to the JSDoc of the schema a field names", () => {
    expect(doc("port")?.description).toBe("A port number.");
  });

  test("follows fields spread in from another object", () => {
    expect(doc("spread")?.description).toBe("Declared in a spread object.");
  });

  test("reads nested objects' fields", () => {
    expect(fields.get("nested")?.type.fields().get("inner")?.doc.description).toBe(
      "Inside a nested object.",
    );
  });

  test("reports a field without JSDoc as undocumented", () => {
    expect(doc("undocumented")?.description).toBe("");
  });
});
