// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

// The barrel loads every binding of the provider: a one-VPC synth takes 2.1 s and 520 MiB
// instead of 0.19 s and 65 MiB (measured with cdktf 0.21 and provider-aws 20.1). Import
// each resource by its deep path.
const PROVIDER_BARREL = {
  name: "@cdktf/provider-aws",
  message:
    'Import the resource by deep path, e.g. import { Vpc } from "@cdktf/provider-aws/lib/vpc".',
};

/**
 * The layers, by top-level folder (docs/code-layers.md). Renaming a folder means renaming it
 * here; the rules below are written in terms of these names.
 */
const LAYERS = {
  /** Shared facts and predicates: AWS limits, name derivations, CIDR arithmetic. A leaf. */
  facts: ["facts"],
  /** The env config schema and its loading. */
  config: ["config"],
  /** The constructs, one folder per AWS layer, and the platform that composes them. */
  constructs: ["constructs"],
  /** The env folders: data only. */
  envs: ["envs"],
  /** The model of the synthesized Terraform JSON that tools read. */
  model: ["synthesized"],
  /** Programs that read the synthesized JSON: they see the estate only as synthesized. */
  readers: ["tools/policy", "tools/cost", "tools/diagram", "tools/new-env", "tools/bench"],
  /**
   * Programs that drive synthesis (the test harness, module mode, the generated references and
   * the thin CLI entry points): like main.ts they build the app, so they may import constructs.
   */
  builders: ["tools/harness", "tools/module-mode", "tools/docs", "scripts"],
  /** Every tool folder, as a target no product layer may import. */
  tools: ["tools", "scripts"],
};

/** The platform construct's files that take the env config and translate it (props-from-config). */
const CONFIG_TRANSLATION = [
  "constructs/gitana-platform/props-from-config.ts",
  // The compute layer's part of that translation, called by propsFromConfig.
  "constructs/gitana-platform/compute-props.ts",
  "constructs/gitana-platform/index.ts",
  "constructs/gitana-platform/stacks.ts",
];

const folders = (layers) => layers.flatMap((layer) => LAYERS[layer]);
const filesOf = (layers) => folders(layers).map((folder) => `${folder}/**/*.ts`);
/** An import specifier that names one of the layers' folders as a path segment. */
const into = (layers) => `(^|/)(${folders(layers).join("|")})(/|$)`;

/** `files` may import nothing of `layers`; `why` says which direction that keeps. */
function forbid(files, layers, why, ignores = []) {
  return {
    files,
    ignores,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [PROVIDER_BARREL],
          patterns: [{ regex: into(layers), message: `${why} (docs/code-layers.md)` }],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "coverage/", "**/*.js", "**/*.mjs"] },
  eslint.configs.recommended,
  tseslint.configs.strict,
  { rules: { "no-restricted-imports": ["error", { paths: [PROVIDER_BARREL] }] } },
  {
    files: filesOf(["facts"]),
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?!\\./|node:)",
              message:
                "facts/ is the leaf every layer may use: it imports only its own files and node builtins (docs/code-layers.md)",
            },
          ],
        },
      ],
    },
  },
  forbid(
    filesOf(["config"]),
    ["constructs", "tools", "model", "envs"],
    "config/ validates user input and may use facts/ only: shared facts live in facts/, and constructs take plain props",
  ),
  forbid(
    filesOf(["constructs"]),
    ["config", "tools", "model", "envs"],
    "Constructs take plain props and never read the env config or tools; only constructs/gitana-platform/props-from-config.ts translates config into props",
    CONFIG_TRANSLATION,
  ),
  forbid(
    CONFIG_TRANSLATION,
    ["tools", "model", "envs"],
    "The platform construct reads the env config, never tools",
  ),
  forbid(
    filesOf(["readers"]),
    ["constructs"],
    "Tools read what was synthesized, through the model in synthesized/, never the constructs",
  ),
  forbid(
    filesOf(["model"]),
    ["constructs", "config", "tools", "envs"],
    "The synthesized model reads cdk.tf.json only: tools read what was synthesized through it, never the constructs",
  ),
  forbid(filesOf(["envs"]), ["constructs", "tools", "model"], "An env folder holds config only"),
);
