import { join } from "node:path";
import ts from "typescript";
import { ROOT } from "../paths";

/**
 * The JSDoc of every field of a zod schema, read with the TypeScript compiler: a zod object's
 * type carries its shape, and each property of the shape keeps the declaration it was written
 * at, whether inline, spread in (`...taskSize`) or built by a helper. So a field documented where
 * it is declared is found wherever the schema is used, and nothing here lists the fields.
 */

export interface FieldDoc {
  /** The JSDoc text, without tags; empty when the field has none. */
  readonly description: string;
  /** The text of the `@default` tag, if any. */
  readonly defaultText?: string;
}

/** What the walk needs of a zod schema's type: its fields, item, value and union members. */
export interface SchemaType {
  fields(): Map<string, { doc: FieldDoc; type: SchemaType }>;
  /** The element of an array, the value of a record. */
  item(): SchemaType | undefined;
  /** Members of a union, in declaration order. */
  options(): SchemaType[];
}

/** The types of the named exports of a TypeScript file (e.g. `config/schema.ts`). */
export function exportedSchemaTypes(file: string, names: readonly string[]): SchemaType[] {
  const path = join(ROOT, file);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  const program = ts.createProgram([path], { ...parsed?.options, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`cannot read ${file}`);
  const exports = checker.getExportsOfModule(moduleSymbol);
  return names.map((name) => {
    const symbol = exports.find((e) => e.name === name);
    if (!symbol) throw new Error(`${file} does not export ${name}`);
    return schemaType(checker, checker.getTypeOfSymbol(symbol));
  });
}

function schemaType(checker: ts.TypeChecker, type: ts.Type): SchemaType {
  const inner = unwrap(checker, type);
  const member = (name: string) => {
    const symbol = inner.getProperty(name);
    return symbol && checker.getTypeOfSymbol(symbol);
  };
  return {
    fields() {
      const shape = member("shape");
      const fields = new Map<string, { doc: FieldDoc; type: SchemaType }>();
      for (const property of shape?.getProperties() ?? []) {
        fields.set(property.name, {
          doc: fieldDoc(checker, property),
          type: schemaType(checker, checker.getTypeOfSymbol(property)),
        });
      }
      return fields;
    },
    item() {
      const item = member("element") ?? member("valueType");
      return item && schemaType(checker, item);
    },
    options() {
      const options = member("options");
      if (!options || !checker.isTupleType(options)) return [];
      return checker
        .getTypeArguments(options as ts.TypeReference)
        .map((t) => schemaType(checker, t));
    },
  };
}

/** Optional, default, prefault, nullable...: every zod wrapper has `unwrap()` (an array has it
 * too, for its element: that is no wrapper). */
function unwrap(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  for (let t = type; ;) {
    const method = t.getProperty("element") ? undefined : t.getProperty("unwrap");
    const signature =
      method &&
      checker.getSignaturesOfType(checker.getTypeOfSymbol(method), ts.SignatureKind.Call)[0];
    if (!signature) return t;
    t = signature.getReturnType();
  }
}

/**
 * The JSDoc above the field; for a field that only names a schema (`region`, `documentDb:
 * documentDbSchema`), the JSDoc above that schema's declaration.
 */
function fieldDoc(checker: ts.TypeChecker, property: ts.Symbol): FieldDoc {
  const own = docOf(checker, property);
  if (own.description) return own;
  const named = namedSchema(checker, property);
  const fallback = named ? docOf(checker, named) : undefined;
  return fallback?.description
    ? { ...fallback, defaultText: own.defaultText ?? fallback.defaultText }
    : own;
}

function namedSchema(checker: ts.TypeChecker, property: ts.Symbol): ts.Symbol | undefined {
  const declaration = property.declarations?.[0];
  let symbol: ts.Symbol | undefined;
  if (declaration && ts.isShorthandPropertyAssignment(declaration)) {
    symbol = checker.getShorthandAssignmentValueSymbol(declaration);
  } else if (declaration && ts.isPropertyAssignment(declaration)) {
    let value: ts.Expression = declaration.initializer;
    // `schema.optional()`, `schema.default(x)`: the schema named at the start of the chain.
    while (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression)) {
      value = value.expression.expression;
    }
    if (ts.isIdentifier(value)) symbol = checker.getSymbolAtLocation(value);
  }
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol;
}

function docOf(checker: ts.TypeChecker, symbol: ts.Symbol): FieldDoc {
  const description = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const tag = symbol.getJsDocTags(checker).find((t) => t.name === "default");
  const defaultText = tag && ts.displayPartsToString(tag.text).trim();
  return { description: description.replace(/\s*\n\s*/g, " "), ...(tag ? { defaultText } : {}) };
}
