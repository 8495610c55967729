import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironments } from "../../config/environments";
import { createApp } from "../../constructs/gitana-platform/app";
import { buildEnvStacks } from "../../constructs/gitana-platform/stacks";
import type { StackJson } from "../../synthesized/stack-json";
import { ENVS_DIR } from "../paths";
import { synthAll } from "../harness/synth";

/**
 * docs/outputs.md, generated from the synthesized stacks: every `TerraformOutput` the stacks
 * declare (constructs/gitana-platform/outputs.ts, constructs/state-backend/bootstrap.ts), with its
 * description and what its value is made of. Reading the synthesized JSON, not the code, lists
 * exactly what `terraform output` will show, conditional outputs included.
 */

export interface OutputRow {
  readonly name: string;
  readonly description: string;
  /** Shape and source of the value (e.g. `aws_vpc.id`), with the envs it holds that in. */
  readonly holds: ReadonlyMap<string, readonly string[]>;
  /** The envs (of those synthesized) that have the output. */
  readonly envs: readonly string[];
}

/** The synthesized stack of each env, by name. */
export function readStacks(stackDirs: Record<string, string>): Record<string, StackJson> {
  return Object.fromEntries(
    Object.entries(stackDirs).map(([env, dir]) => [
      env,
      JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as StackJson,
    ]),
  );
}

/** The outputs of a set of stacks (one kind: platform or bootstrap), by name. */
export function outputRows(stacks: Record<string, StackJson>): OutputRow[] {
  const rows = new Map<string, OutputRow & { holds: Map<string, string[]>; envs: string[] }>();
  for (const [env, stack] of Object.entries(stacks)) {
    for (const [name, output] of Object.entries(stack.output ?? {})) {
      const row = rows.get(name) ?? {
        name,
        description: output.description ?? "",
        holds: new Map<string, string[]>(),
        envs: [],
      };
      const what = holds(output.value);
      row.holds.set(what, [...(row.holds.get(what) ?? []), env]);
      row.envs.push(env);
      rows.set(name, row);
    }
  }
  return [...rows.values()];
}

const REFERENCE = /\$\{(data\.)?([a-z0-9_]+)\.[A-Za-z0-9_-]+\.([^}]+)\}/g;

/** What a value is made of: the resource attribute it reads, in the shape of the value. */
function holds(value: unknown): string {
  if (Array.isArray(value)) {
    const items = [...new Set(value.map(holds))];
    return `list of ${value.length}: ${items.join(", ")}`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    const items = [...new Set(entries.map(([, v]) => holds(v)))];
    return `map with keys ${entries.map(([k]) => `\`${k}\``).join(", ")}: ${items.join(", ")}`;
  }
  if (typeof value !== "string") return `\`${JSON.stringify(value)}\``;
  if (!value.includes("${")) return "a value known at synth (from the config)";
  const attributes = value.replace(
    REFERENCE,
    (_, data: string | undefined, type: string, attr: string) =>
      `${data ? "data." : ""}${type}.${attr}`,
  );
  return `\`${attributes.replace(/^\$\{|\}$/g, "")}\``;
}

/**
 * The stacks the reference is drawn from: every env in envs/, plus prod's config on an
 * existing network, whose stack lacks the outputs of the network this project would create.
 */
export function synthesizeOutputStacks(outdir: string): Record<string, StackJson> {
  const stacks = readStacks(synthAll(join(outdir, "envs")));
  const prod = loadEnvironments(ENVS_DIR).find((c) => c.env === "prod");
  if (prod?.kind !== "platform" || !prod.network) {
    throw new Error(
      "the outputs reference draws its existingNetwork variant from envs/prod, which must create its network",
    );
  }
  const subnets = (tier: string) => [1, 2, 3].map((n) => `subnet-${tier}${n}`);
  const app = createApp({ outdir: join(outdir, "variant") });
  const [stack] = buildEnvStacks(app, [
    {
      ...prod,
      env: EXISTING_NETWORK,
      network: undefined,
      existingNetwork: {
        vpcId: "vpc-0a1b2c3d4e5f60718",
        vpcCidr: prod.network.vpcCidr,
        subnetIds: { public: subnets("pub"), private: subnets("priv"), data: subnets("data") },
      },
    },
  ]);
  app.synth();
  return {
    ...stacks,
    ...readStacks({ [EXISTING_NETWORK]: join(outdir, "variant", "stacks", stack.node.id) }),
  };
}

/** Env name of that variant (short: it prefixes resource names). */
const EXISTING_NETWORK = "byo";

const envLabel = (env: string) => (env === EXISTING_NETWORK ? "with existingNetwork" : env);

export function outputsMarkdown(stacks: Record<string, StackJson>): string {
  const ofKind = (bootstrap: boolean) =>
    Object.fromEntries(
      Object.entries(stacks).filter(
        ([, s]) => bootstrap === Object.keys(s.output ?? {}).includes("state_bucket_name"),
      ),
    );
  const section = (title: string, intro: string, kind: Record<string, StackJson>) => {
    const envs = Object.keys(kind);
    return [
      `## ${title}`,
      "",
      intro,
      "",
      "| output | description | holds |",
      "|---|---|---|",
      ...outputRows(kind).map((r) => {
        const missing = envs.filter((e) => !r.envs.includes(e));
        const note = missing.includes(EXISTING_NETWORK)
          ? " Only when the env creates its network (not with `existingNetwork`)."
          : missing.length > 0
            ? ` Not in: ${missing.join(", ")}.`
            : "";
        const holdsText =
          r.holds.size === 1
            ? [...r.holds.keys()][0]
            : [...r.holds]
                .map(([what, in_]) => `${in_.map(envLabel).join(", ")}: ${what}`)
                .join("; ");
        return `| \`${r.name}\` | ${r.description}.${note} | ${holdsText.replace(/\|/g, "\\|")} |`;
      }),
      "",
    ];
  };
  return [
    "# Outputs reference",
    "",
    "<!-- Generated by `npm run docs` from the synthesized stacks; do not edit. -->",
    "",
    "Every env stack ends in Terraform outputs under fixed names: `terraform output` in the stack's",
    "folder (`cdktf.out/stacks/<env>`) prints them, and another Terraform root reads them with a",
    "`terraform_remote_state` data source (key `gitana/<env>/terraform.tfstate` in the state bucket).",
    "The names are an interface: renaming one breaks its readers. *holds* names the resource",
    "attribute the value comes from (`type.attribute`) in the shape of the value; maps are keyed by",
    "service.",
    "",
    ...section(
      "Platform env",
      "Declared in `constructs/gitana-platform/outputs.ts`.",
      ofKind(false),
    ),
    ...section(
      "Bootstrap env",
      "Declared in `constructs/state-backend/bootstrap.ts`; its state is local (`cdktf.out/stacks/bootstrap`).",
      ofKind(true),
    ),
  ].join("\n");
}
