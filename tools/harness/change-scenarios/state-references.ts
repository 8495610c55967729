/**
 * Settles what one pass of `stateFromPlan` could only guess: an attribute the plan left unknown
 * because it is a reference to another resource's unknown attribute (`vpc_id = "${aws_vpc.x.id}"`,
 * a list of security group ids, an ARN inside a JSON template). Once every resource has its
 * stand-ins, such references can be followed in the state itself, as Terraform would after an
 * apply. Expressions beyond plain references (functions, `for`, data sources) are left to the
 * next plan, which evaluates them against this state.
 */

/** Attributes of each resource instance by address (`type.name` or `type.name["key"]`). */
export type InstanceAttributes = Map<string, Record<string, unknown>>;

/** What to settle in one instance: where the plan left it unknown, and its configuration. */
export interface PendingInstance {
  readonly address: string;
  /** `after_unknown` of the plan: true where the value was unknown. */
  readonly unknown: unknown;
  /** The resource's block in the synthesized stack (cdk.tf.json), expressions as strings. */
  readonly config: unknown;
}

const TRAVERSAL = /^([a-z0-9_]+)\.([\w-]+)((?:\.[\w-]+|\[\d+\]|\["[^"]*"\])*)$/;
const STEP = /\.([\w-]+)|\[(\d+)\]|\["([^"]*)"\]/g;

/**
 * Follows plain references until nothing changes (a reference to a reference settles in a later
 * round). Mutates `attributes`; returns how many values it set.
 */
export function settleReferences(
  attributes: InstanceAttributes,
  pending: readonly PendingInstance[],
): number {
  let settled = 0;
  for (let round = 0; round < 20; round++) {
    let changed = 0;
    for (const instance of pending) {
      const target = attributes.get(instance.address);
      if (!target) continue;
      changed += settle(target, instance.unknown, instance.config, attributes);
    }
    settled += changed;
    if (changed === 0) break;
  }
  return settled;
}

/** Sets, inside `holder`, each unknown value whose configured expression can be evaluated. */
function settle(
  holder: Record<string, unknown> | unknown[],
  unknown: unknown,
  config: unknown,
  attributes: InstanceAttributes,
): number {
  if (!unknown || typeof unknown !== "object") return 0;
  let changed = 0;
  for (const [key, mark] of Object.entries(unknown)) {
    const configured = configAt(config, key);
    if (configured === undefined) continue;
    const current = (holder as Record<string, unknown>)[key];
    if (mark === true) {
      const value = evaluate(configured, attributes);
      if (value !== undefined && JSON.stringify(value) !== JSON.stringify(current)) {
        (holder as Record<string, unknown>)[key] = value;
        changed++;
      }
    } else if (current && typeof current === "object") {
      changed += settle(current as Record<string, unknown>, mark, configured, attributes);
    }
  }
  return changed;
}

/** A block written once in cdk.tf.json is a list of one in state: index 0 is the block. */
function configAt(config: unknown, key: string): unknown {
  if (config === null || typeof config !== "object") return undefined;
  if (!Array.isArray(config)) {
    return /^\d+$/.test(key)
      ? key === "0"
        ? config
        : undefined
      : (config as Record<string, unknown>)[key];
  }
  return config[Number(key)];
}

/** The value of a configured expression, or undefined when it is more than plain references. */
function evaluate(configured: unknown, attributes: InstanceAttributes): unknown {
  if (typeof configured === "string") return evaluateTemplate(configured, attributes);
  if (Array.isArray(configured)) {
    const values = configured.map((c) => evaluate(c, attributes));
    return values.includes(undefined) ? undefined : values;
  }
  if (configured !== null && typeof configured === "object") {
    const entries = Object.entries(configured).map(([k, c]) => [k, evaluate(c, attributes)]);
    return entries.some(([, v]) => v === undefined) ? undefined : Object.fromEntries(entries);
  }
  return undefined;
}

function evaluateTemplate(template: string, attributes: InstanceAttributes): unknown {
  const whole = /^\$\{([^{}]*)\}$/.exec(template);
  if (whole) return follow(whole[1], attributes);
  let failed = false;
  const text = template.replace(/\$\$\{|\$\{([^{}]*)\}/g, (match, inner: string | undefined) => {
    if (inner === undefined) return "${"; // `$${` is a literal `${`
    const value = follow(inner, attributes);
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      return String(value);
    failed = true;
    return match;
  });
  return failed || !template.includes("${") ? undefined : text;
}

/** `aws_vpc.x.id`, `aws_docdb_cluster.c.master_user_secret[0].secret_arn`, `aws_x.y["k"].arn`. */
function follow(expression: string, attributes: InstanceAttributes): unknown {
  const match = TRAVERSAL.exec(expression.trim());
  if (!match || match[1] === "data" || match[1] === "each" || match[1] === "var") return undefined;
  const [, type, name, rest] = match;
  const steps = [...rest.matchAll(STEP)].map((s) => s[1] ?? (s[2] ? Number(s[2]) : s[3]));
  let address = `${type}.${name}`;
  if (/^\["/.test(rest) && attributes.has(`${address}[${JSON.stringify(steps[0])}]`)) {
    address = `${address}[${JSON.stringify(steps.shift())}]`;
  }
  let value: unknown = attributes.get(address);
  for (const step of steps) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[step as string | number];
  }
  return value === null ? undefined : value;
}
