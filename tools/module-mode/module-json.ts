/**
 * Generic rewrites of a synthesized stack's Terraform JSON into a child module. They read only the
 * JSON's shape (blocks and their `//.metadata.path`), never a layer's internals, so they hold
 * whatever resources the layers emit.
 */

type Block = Record<string, unknown> & { "//"?: { metadata?: { path?: string } } };
type Blocks = Record<string, Record<string, Block>>;

export interface ModuleJson {
  "//"?: unknown;
  terraform: Record<string, unknown>;
  variable?: Record<string, Block>;
  locals?: Record<string, unknown>;
  data?: Blocks;
  resource?: Blocks;
  output?: Record<string, Block>;
}

/** `resource.<type>.<name>` / `data.<type>.<name>` with its construct path, one per block. */
interface Located {
  readonly kind: "resource" | "data";
  readonly type: string;
  readonly name: string;
  readonly block: Block;
  /** The construct path below the stack, e.g. `gitana/documentdb/cluster`. */
  readonly path: string;
}

export function blocksOf(json: ModuleJson): Located[] {
  return (["resource", "data"] as const).flatMap((kind) =>
    Object.entries(json[kind] ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, block]) => ({
        kind,
        type,
        name,
        block,
        path: (block["//"]?.metadata?.path ?? "").split("/").slice(1).join("/"),
      })),
    ),
  );
}

const address = (b: Pick<Located, "kind" | "type" | "name">): string =>
  `${b.kind === "data" ? "data." : ""}${b.type}.${b.name}`;

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Applies `rewrite` to every string that holds a Terraform expression, in place. */
function rewriteExpressions(value: unknown, rewrite: (text: string) => string): unknown {
  if (typeof value === "string") return value.includes("${") ? rewrite(value) : value;
  if (Array.isArray(value)) return value.map((v) => rewriteExpressions(v, rewrite));
  if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key !== "//") (value as Record<string, unknown>)[key] = rewriteExpressions(v, rewrite);
    }
  }
  return value;
}

/**
 * Makes every block under construct path `pathPrefix` exist only when `condition` holds (a
 * `count` of 1 or 0). References among those blocks take element `[0]`; references from the rest
 * of the module become `one(<address>[*].<attr>)`, null when the blocks are absent, and are allowed
 * only in locals and outputs (which choose between them and a variable), so no resource can
 * silently lose an input.
 */
export function makeConditional(json: ModuleJson, pathPrefix: string, condition: string): number {
  const inside = blocksOf(json).filter(
    (b) => b.path === pathPrefix || b.path.startsWith(`${pathPrefix}/`),
  );
  if (inside.length === 0) throw new Error(`no block under construct path ${pathPrefix}`);
  const addresses = inside.map(address);
  const reference = new RegExp(
    `(?<![\\w.])(${addresses.map(escapeRegex).join("|")})\\.([A-Za-z0-9_]+)`,
    "g",
  );
  for (const b of inside) {
    if ("count" in b.block || "for_each" in b.block)
      throw new Error(`${address(b)} already repeats; module mode cannot make it conditional`);
    rewriteExpressions(b.block, (text) => text.replace(reference, "$1[0].$2"));
    b.block.count = `\${${condition} ? 1 : 0}`;
  }
  const outside = (text: string) => text.replace(reference, "one($1[*].$2)");
  json.locals = rewriteExpressions(json.locals, outside) as Record<string, unknown>;
  json.output = rewriteExpressions(json.output, outside) as Record<string, Block>;
  for (const b of blocksOf(json).filter((b) => !inside.includes(b))) {
    const text = JSON.stringify(b.block);
    const used = addresses.find((a) => new RegExp(`(?<![\\w.])${escapeRegex(a)}\\.`).test(text));
    if (used)
      throw new Error(
        `${address(b)} (${b.path}) refers to ${used}, which exists only when ${condition}; pass it through a local`,
      );
  }
  return inside.length;
}

/**
 * The file a block belongs in: one per layer, named for the construct under the platform (or
 * under the stack, for the network module mode adds itself); blocks directly under the stack
 * (the provider look-ups) go in `main`. The four encryption keys share `kms`.
 */
export function layerOf(path: string): string {
  const [top, layer] = path.split("/");
  const name = !layer ? "main" : top === "gitana" ? layer : top;
  return name.endsWith("-key") ? "kms" : name;
}

/** The module as files: `<layer>.tf.json` per layer, plus variables, outputs, versions, main. */
export function splitIntoFiles(json: ModuleJson, header: string): Record<string, object> {
  const files: Record<string, { resource?: Blocks; data?: Blocks; locals?: unknown }> = {};
  for (const b of blocksOf(json)) {
    const file = (files[`${layerOf(b.path)}.tf.json`] ??= {});
    const kind = (file[b.kind] ??= {});
    (kind[b.type] ??= {})[b.name] = b.block;
  }
  (files["main.tf.json"] ??= {}).locals = json.locals;
  const withHeader = (content: object) => ({ "//": header, ...content });
  return {
    ...Object.fromEntries(
      Object.entries(files)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([file, content]) => [file, withHeader(content)]),
    ),
    "variables.tf.json": withHeader({ variable: json.variable }),
    "outputs.tf.json": withHeader({ output: json.output }),
    "versions.tf.json": withHeader({ terraform: json.terraform }),
  };
}

/**
 * Makes every resource wait for `checks` (data sources whose conditions guard the inputs).
 * Terraform plans resources that need nothing from a failed data source and prints them before
 * the error; a resource whose dependency failed is not planned, so with this a failed check
 * leaves the plan with no change shown.
 */
export function dependOnChecks(json: ModuleJson, checks: readonly string[]): void {
  for (const b of blocksOf(json).filter((x) => x.kind === "resource")) {
    const existing = (b.block.depends_on as string[] | undefined) ?? [];
    b.block.depends_on = [...existing, ...checks.filter((c) => !existing.includes(c))];
  }
}
