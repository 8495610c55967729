import { z } from "zod";
import { bootstrapEnvSchema, platformEnvSchema } from "../../config/schema";
import { exportedSchemaTypes, type SchemaType } from "./schema-docs";

/**
 * docs/configuration.md, generated: the fields, types and defaults come from the zod schema
 * (`z.toJSONSchema`), the descriptions from the JSDoc above each field (./schema-docs). A field
 * added to the schema appears here by itself; without a JSDoc line, its row says so and
 * test/docs/references.test.ts fails.
 */

interface JsonSchema {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  propertyNames?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
}

export interface FieldRow {
  /** Dotted path; `[]` marks the items of a list, `<key>` the values of a map. */
  readonly path: string;
  readonly type: string;
  readonly defaultValue: string;
  readonly description: string;
}

/** A shape used in several places (the `{ fromRemoteState }` reference), listed once. */
interface SharedShape {
  readonly name: string;
  readonly rows: FieldRow[];
}

export const UNDOCUMENTED = "(undocumented: add a JSDoc line above the field)";

const ENV_KINDS = [
  {
    kind: "platform",
    title: "Platform env",
    schema: platformEnvSchema,
    export: "platformEnvSchema",
    intro:
      'An env that runs Gitana (`kind: "platform"`): `envs/dev`, `envs/staging`, `envs/prod` and any env you add.',
  },
  {
    kind: "bootstrap",
    title: "Bootstrap env",
    schema: bootstrapEnvSchema,
    export: "bootstrapEnvSchema",
    intro:
      'The env that creates the state backend every other env uses (`kind: "bootstrap"`): `envs/bootstrap`.',
  },
] as const;

/** Every field of every env kind, with the shared shapes they refer to. */
export function configFields(): { kind: string; rows: FieldRow[] }[] & { shared: SharedShape[] } {
  const types = exportedSchemaTypes(
    "config/schema.ts",
    ENV_KINDS.map((k) => k.export),
  );
  const shared: SharedShape[] = [];
  const result = ENV_KINDS.map((k, i) => {
    const json = z.toJSONSchema(k.schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    return { kind: k.kind, rows: objectRows(json, types[i], "", shared) };
  });
  return Object.assign(result, { shared });
}

function objectRows(
  json: JsonSchema,
  type: SchemaType | undefined,
  prefix: string,
  shared: SharedShape[],
): FieldRow[] {
  const fields = type?.fields();
  return Object.entries(json.properties ?? {}).flatMap(([key, field]) => {
    const path = `${prefix}${key}`;
    const known = fields?.get(key);
    const row: FieldRow = {
      path,
      type: typeText(field, shared, known?.type),
      defaultValue: defaultText(
        field,
        json.required?.includes(key) ?? false,
        known?.doc.defaultText,
      ),
      description: known?.doc.description || UNDOCUMENTED,
    };
    return [row, ...nestedRows(field, known?.type, path, shared)];
  });
}

/** The fields inside an object, a list of objects or a map of objects. */
function nestedRows(
  json: JsonSchema,
  type: SchemaType | undefined,
  path: string,
  shared: SharedShape[],
): FieldRow[] {
  if (json.properties) return objectRows(json, type, `${path}.`, shared);
  if (json.items?.properties) return objectRows(json.items, type?.item(), `${path}[].`, shared);
  const values = json.additionalProperties;
  if (typeof values === "object" && values.properties) {
    return objectRows(values, type?.item(), `${path}.<key>.`, shared);
  }
  return [];
}

function typeText(json: JsonSchema, shared: SharedShape[], type?: SchemaType): string {
  if (json.anyOf) {
    const options = type?.options() ?? [];
    return json.anyOf.map((o, i) => typeText(o, shared, options[i])).join(" or ");
  }
  if (json.const !== undefined) return code(json.const);
  if (json.enum) return json.enum.map(code).join(" or ");
  switch (json.type) {
    case "string":
      return ["string", stringRule(json)].filter(Boolean).join(", ");
    case "number":
    case "integer":
      return [json.type === "integer" ? "whole number" : "number", numberRange(json)]
        .filter(Boolean)
        .join(", ");
    case "boolean":
      return "`true` or `false`";
    case "array": {
      const count =
        json.minItems !== undefined && json.minItems === json.maxItems
          ? `exactly ${json.minItems} `
          : json.minItems
            ? `at least ${json.minItems} `
            : "";
      const item = typeText(json.items ?? {}, shared, type?.item());
      return `list of ${count}${json.items?.properties ? "objects (fields below)" : `(${item})`}`;
    }
    case "object":
      if (json.properties) return sharedShape(json, shared, type) ?? "object (fields below)";
      return `map of key (${typeText(json.propertyNames ?? { type: "string" }, shared)}) to value (${typeText(
        typeof json.additionalProperties === "object" ? json.additionalProperties : {},
        shared,
        type?.item(),
      )})`;
    default:
      return "any";
  }
}

/**
 * An object that is one member of a union (`string or { fromRemoteState }`) is a reusable shape:
 * listed once under its only key, linked from every use.
 */
function sharedShape(
  json: JsonSchema,
  shared: SharedShape[],
  type?: SchemaType,
): string | undefined {
  const keys = Object.keys(json.properties ?? {});
  if (keys.length !== 1 || !json.required?.includes(keys[0])) return undefined;
  const name = keys[0];
  if (!shared.some((s) => s.name === name)) {
    shared.push({ name, rows: objectRows(json, type, "", shared) });
  }
  return `[\`{ ${name} }\`](#${name.toLowerCase()})`;
}

function stringRule(json: JsonSchema): string {
  if (json.format === "email") return "an email address";
  const length =
    json.minLength !== undefined && json.maxLength !== undefined
      ? `${json.minLength} to ${json.maxLength} characters`
      : json.minLength === 1
        ? "not empty"
        : json.minLength !== undefined
          ? `at least ${json.minLength} characters`
          : json.maxLength !== undefined
            ? `at most ${json.maxLength} characters`
            : "";
  return [length, json.pattern ? `matching \`${json.pattern}\`` : ""].filter(Boolean).join(", ");
}

function numberRange(json: JsonSchema): string {
  // zod bounds every integer by ±Number.MAX_SAFE_INTEGER: that is no rule of ours.
  const min =
    json.minimum === undefined || json.minimum <= -Number.MAX_SAFE_INTEGER
      ? undefined
      : json.minimum;
  const max =
    json.maximum === undefined || json.maximum >= Number.MAX_SAFE_INTEGER
      ? undefined
      : json.maximum;
  if (min !== undefined && max !== undefined) return `${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  if (max !== undefined) return `at most ${max}`;
  return "";
}

function defaultText(json: JsonSchema, required: boolean, documented?: string): string {
  if (json.default !== undefined) {
    const isEmptyObject =
      typeof json.default === "object" &&
      json.default !== null &&
      !Array.isArray(json.default) &&
      Object.keys(json.default).length === 0;
    return isEmptyObject && json.properties ? "each field's default" : code(json.default);
  }
  if (documented) return documented.replace(/^-\s*/, "");
  return required ? "required" : "optional";
}

function code(value: unknown): string {
  return `\`${JSON.stringify(value)}\``;
}

/** A table cell: no line breaks, pipes escaped (also inside code spans, as GFM requires). */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function table(rows: readonly FieldRow[]): string[] {
  return [
    "| field | type | default | description |",
    "|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| \`${cell(r.path)}\` | ${cell(r.type)} | ${cell(r.defaultValue)} | ${cell(r.description)} |`,
    ),
  ];
}

export function configurationMarkdown(fields = configFields()): string {
  const sections = ENV_KINDS.flatMap((k, i) => [
    `## ${k.title}`,
    "",
    k.intro,
    "",
    ...table(fields[i].rows),
    "",
  ]);
  const shared = fields.shared.flatMap((s) => [`### ${s.name}`, "", ...table(s.rows), ""]);
  return [
    "# Configuration reference",
    "",
    "<!-- Generated by `npm run docs` from config/schema.ts and the files it composes; do not edit. -->",
    "",
    "Each folder `envs/<env>/` exports `config`; `npm run synth`, `preview` and every other command",
    "validate it against this schema before building anything, and report every problem at once",
    "with the field, the value and what is allowed. Unknown keys are errors, so a misspelt field",
    "cannot pass silently. Paths are dotted; `[]` marks the items of a list. A default applies when",
    "the field is left out; `required` fields have none. Rules that relate several fields (three",
    "distinct AZs of the region, a Fargate CPU/memory pair, a subnet layout that fits the VPC) are",
    "stated in the descriptions and checked at synth.",
    "",
    ...sections,
    "## Shared shapes",
    "",
    ...shared,
  ].join("\n");
}
