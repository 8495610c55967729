import { createHash } from "node:crypto";
import {
  settleReferences,
  type InstanceAttributes,
  type PendingInstance,
} from "./state-references";

/**
 * A deployed state without deploying: turns an offline plan from an empty state into the
 * Terraform state (format 4) an apply of that plan would leave, so that a changed configuration
 * can be planned against "what is deployed" (`terraform plan -refresh=false`). Known values come
 * from the plan; what only AWS knows (ids, ARNs, endpoints) gets a stable stand-in, shaped like
 * the real thing where the provider validates it (`arn:aws:...`), derived from the address so
 * every run makes the same state.
 *
 * One pass leaves attributes that were computed from another resource's unknown id (a subnet's
 * `vpc_id`) holding a stand-in of their own. Planning the unchanged configuration against that
 * state resolves every such reference; `stateFromPlan` of that second plan, keeping the first
 * state's stand-ins for what the plan still leaves unknown, is the settled state.
 */

/** A value type as `terraform providers schema -json` writes it (cty's JSON type notation). */
type CtyType = string | [string, unknown];

interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock }>;
}
interface SchemaAttribute {
  type?: CtyType;
  optional?: boolean;
  nested_type?: { nesting_mode: string } & SchemaBlock;
}

/** `terraform providers schema -json`, the part read here. */
export interface ProviderSchemas {
  provider_schemas: Record<
    string,
    { resource_schemas: Record<string, { version: number; block: SchemaBlock }> }
  >;
}

interface PlannedChange {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: string | number;
  provider_name: string;
  change: {
    actions: string[];
    after: Record<string, unknown> | null;
    after_unknown?: Record<string, unknown>;
    after_sensitive?: unknown;
  };
}

/** `terraform show -json` of a saved plan, the part read here. */
export interface PlanJson {
  resource_changes?: PlannedChange[];
  configuration?: {
    root_module?: { resources?: { address: string; provider_config_key?: string }[] };
  };
}

interface StateInstance {
  index_key?: string | number;
  schema_version: number;
  attributes: Record<string, unknown>;
  /** Paths of sensitive values: `get_attr` steps by name, `index` steps by a typed key. */
  sensitive_attributes: (
    | { type: "get_attr"; value: string }
    | { type: "index"; value: { value: number; type: "number" } }
  )[][];
}

/** A Terraform state file, format 4 (what `terraform.tfstate` holds). */
export interface TerraformState {
  version: 4;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, unknown>;
  resources: {
    mode: "managed";
    type: string;
    name: string;
    provider: string;
    instances: StateInstance[];
  }[];
}

/** Where the stand-ins say the resources live. */
export interface StandInContext {
  readonly accountId: string;
  readonly region: string;
}

/**
 * The state an apply of `plan` would leave. Data sources are not kept (every plan reads them
 * again); a resource the plan deletes is left out. With `prior`, a value the plan still leaves
 * unknown keeps the prior state's value, so the stand-ins stay stable across passes.
 */
export function stateFromPlan(
  plan: PlanJson,
  stack: { resource?: Record<string, Record<string, unknown>> },
  schemas: ProviderSchemas,
  context: StandInContext,
  prior?: TerraformState,
): TerraformState {
  const priorByAddress = prior ? instancesByAddress(prior) : new Map<string, StateInstance>();
  const providerKeys = new Map(
    (plan.configuration?.root_module?.resources ?? []).map((r) => [
      r.address,
      r.provider_config_key ?? "",
    ]),
  );
  const resources = new Map<string, TerraformState["resources"][number]>();
  const byAddress: InstanceAttributes = new Map();
  const pending: PendingInstance[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== "managed" || !rc.change.after) continue;
    const schema = schemas.provider_schemas[rc.provider_name]?.resource_schemas[rc.type];
    if (!schema) throw new Error(`${rc.address}: ${rc.provider_name} has no schema for ${rc.type}`);
    const standIn: StandIn = (path, type, optional) =>
      standInValue(rc, path, type, optional, context);
    const attributes = fill(
      blockNode(schema.block),
      rc.change.after,
      rc.change.after_unknown,
      priorByAddress.get(rc.address)?.attributes,
      [],
      standIn,
    ) as Record<string, unknown>;
    byAddress.set(rc.address, attributes);
    const config = stack.resource?.[rc.type]?.[rc.name];
    if (rc.change.after_unknown)
      pending.push({ address: rc.address, unknown: rc.change.after_unknown, config });
    const key = `${rc.type}.${rc.name}`;
    const resource = resources.get(key) ?? {
      mode: "managed" as const,
      type: rc.type,
      name: rc.name,
      provider: providerAddress(rc.provider_name, providerKeys.get(key)),
      instances: [],
    };
    resource.instances.push({
      ...(rc.index === undefined ? {} : { index_key: rc.index }),
      schema_version: schema.version,
      attributes,
      sensitive_attributes: sensitivePaths(rc.change.after_sensitive),
    });
    resources.set(key, resource);
  }
  settleReferences(byAddress, pending);
  return {
    version: 4,
    terraform_version: "1.11.4",
    serial: (prior?.serial ?? 0) + 1,
    lineage: prior?.lineage ?? "state-from-plan",
    outputs: {},
    resources: [...resources.values()],
  };
}

/** `provider["registry.terraform.io/hashicorp/aws"]`, with `.alias` for an aliased provider. */
function providerAddress(providerName: string, configKey = ""): string {
  const alias = configKey.includes(".") ? configKey.slice(configKey.indexOf(".") + 1) : "";
  return `provider[${JSON.stringify(providerName)}]${alias ? `.${alias}` : ""}`;
}

function instancesByAddress(state: TerraformState): Map<string, StateInstance> {
  const byAddress = new Map<string, StateInstance>();
  for (const resource of state.resources) {
    for (const instance of resource.instances) {
      const index =
        instance.index_key === undefined ? "" : `[${JSON.stringify(instance.index_key)}]`;
      byAddress.set(`${resource.type}.${resource.name}${index}`, instance);
    }
  }
  return byAddress;
}

/**
 * A value's type as the filling below walks it: cty's notation, plus whether the user may set
 * it (an optional attribute AWS fills when the user does not: AWS's default, often empty, stands
 * in there, not an invented id).
 */
type TypeNode =
  | { kind: "scalar"; type: string; optional: boolean }
  | { kind: "list" | "set" | "map"; element: TypeNode }
  | { kind: "object"; attributes: Record<string, TypeNode> };

/** A schema block as the object type its values have. */
function blockNode(block: SchemaBlock): TypeNode {
  const attributes: Record<string, TypeNode> = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const optional = attribute.optional === true;
    attributes[name] = attribute.nested_type
      ? nestedNode(attribute.nested_type.nesting_mode, blockNode(attribute.nested_type))
      : typeNode(attribute.type ?? "dynamic", optional);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    attributes[name] = nestedNode(nested.nesting_mode, blockNode(nested.block));
  }
  return { kind: "object", attributes };
}

function nestedNode(mode: string, element: TypeNode): TypeNode {
  if (mode === "list" || mode === "set" || mode === "map") return { kind: mode, element };
  return element; // "single" and "group": one object
}

function typeNode(type: CtyType, optional: boolean): TypeNode {
  if (!Array.isArray(type)) return { kind: "scalar", type, optional };
  const [kind, inner] = type;
  if (kind === "object") {
    const attributes = Object.entries(inner as Record<string, CtyType>).map(
      ([name, attrType]) => [name, typeNode(attrType, false)] as const,
    );
    return { kind: "object", attributes: Object.fromEntries(attributes) };
  }
  if (kind === "list" || kind === "set" || kind === "map")
    return { kind, element: typeNode(inner as CtyType, false) };
  return { kind: "scalar", type: "dynamic", optional }; // tuples: none in the aws provider
}

type Path = readonly (string | number)[];
type StandIn = (path: Path, type: string, optional: boolean) => unknown;

/**
 * The value at `path`: the plan's where known, the prior state's where the plan leaves it
 * unknown, else a stand-in. `unknown` mirrors the value's shape (`after_unknown`): `true` where
 * the whole value is unknown, nested objects or arrays where only parts of it are.
 */
function fill(
  node: TypeNode,
  known: unknown,
  unknown: unknown,
  prior: unknown,
  path: Path,
  standIn: StandIn,
): unknown {
  if (unknown === true) return prior ?? empty(node, path, standIn);
  if (!unknown || typeof unknown !== "object" || node.kind === "scalar") return known;
  if (node.kind === "list" || node.kind === "set") {
    const [value, unknownOf] = [(known ?? []) as unknown[], unknown as unknown[]];
    const priorOf = Array.isArray(prior) ? prior : [];
    return Array.from({ length: Math.max(value.length, unknownOf.length) }, (_, i) =>
      fill(node.element, value[i] ?? null, unknownOf[i], priorOf[i], [...path, i], standIn),
    );
  }
  const value = (known ?? {}) as Record<string, unknown>;
  const unknownOf = unknown as Record<string, unknown>;
  const priorOf = (prior ?? {}) as Record<string, unknown>;
  const names =
    node.kind === "object"
      ? Object.keys(node.attributes)
      : [...new Set([...Object.keys(value), ...Object.keys(unknownOf)])];
  return Object.fromEntries(
    names.map((name) => [
      name,
      fill(
        node.kind === "object" ? node.attributes[name] : node.element,
        value[name] ?? null,
        unknownOf[name],
        priorOf[name],
        [...path, name],
        standIn,
      ),
    ]),
  );
}

/** Collections AWS fills in start empty; scalars get a stand-in. */
function empty(node: TypeNode, path: Path, standIn: StandIn): unknown {
  if (node.kind === "scalar") return standIn(path, node.type, node.optional);
  if (node.kind === "object") {
    return Object.fromEntries(
      Object.entries(node.attributes).map(([name, attr]) => [
        name,
        empty(attr, [...path, name], standIn),
      ]),
    );
  }
  if (node.kind === "map") return {};
  // A computed list of objects (a cluster's master_user_secret) is read as `[0]`: one element.
  return node.element.kind === "object" ? [empty(node.element, [...path, 0], standIn)] : [];
}

/** Values AWS generates in a fixed shape the provider or a consumer checks. */
const SHAPED: Record<string, (hash: string) => string> = {
  // ACM's DNS validation records (a certificate's domain_validation_options)
  resource_record_type: () => "CNAME",
  resource_record_name: (hash) => `_${hash.slice(0, 32)}.validation.example.com.`,
  resource_record_value: (hash) => `_${hash.slice(32)}.acm-validations.aws.`,
};

/**
 * A stable, plausible value for what only AWS would know: an optional attribute left to AWS
 * gets AWS's empty default; an id, ARN or endpoint a stand-in derived from its address.
 */
function standInValue(
  rc: PlannedChange,
  path: Path,
  type: string,
  optional: boolean,
  context: StandInContext,
): unknown {
  if (type === "bool") return false;
  if (type === "number") return optional ? 0 : 1;
  if (type !== "string") return null;
  const attribute = String(path[path.length - 1]);
  if (optional && !(path.length === 1 && attribute === "id")) return ""; // the SDK declares `id` optional
  const hash = createHash("sha256")
    .update(`${rc.address}/${path.join("/")}`)
    .digest("hex");
  const shaped = SHAPED[attribute];
  if (shaped) return shaped(hash);
  const kind = rc.type.replace(/^aws_/, "");
  if (attribute === "arn" || attribute.endsWith("_arn")) {
    const service = kind.split("_")[0];
    return `arn:aws:${service}:${context.region}:${context.accountId}:${kind}/${hash.slice(0, 17)}`;
  }
  return `${kind.replace(/_/g, "-")}-${hash.slice(0, 17)}`;
}

/** `after_sensitive` (true where sensitive, mirroring the value) as state's sensitive paths. */
function sensitivePaths(
  marks: unknown,
  path: StateInstance["sensitive_attributes"][number] = [],
): StateInstance["sensitive_attributes"] {
  if (marks === true) return [path];
  if (Array.isArray(marks)) {
    return marks.flatMap((m, i) =>
      sensitivePaths(m, [...path, { type: "index", value: { value: i, type: "number" } }]),
    );
  }
  if (marks && typeof marks === "object") {
    return Object.entries(marks).flatMap(([name, m]) =>
      sensitivePaths(m, [...path, { type: "get_attr", value: name }]),
    );
  }
  return [];
}
