import { parseArgs } from "node:util";
import { loadEnvironments } from "../config/environments";
import type { EnvConfig } from "../config/schema";
import { didYouMean } from "../config/suggest";
import { ENVS_DIR } from "./paths";

/**
 * The one argument parser of every `npm run <script>` (Node's util.parseArgs underneath): `--help`,
 * unknown or misspelt flags refused with a "did you mean", a wrong number of arguments refused
 * with the usage, envs checked against envs/ before anything is synthesized. A script declares a
 * CommandSpec and hands its main to runCommand:
 *
 *   const spec = { command: "preview", summary: "...", args: "<env>...",
 *     positionals: { min: 1, max: Infinity }, options: { full: { type: "boolean", description: "..." } } } as const;
 *   runCommand(spec, async ({ values, positionals }) => { ...; return 0; });
 */

export interface OptionSpec {
  readonly type: "boolean" | "string";
  readonly description: string;
  /** Placeholder of a string option's value in the help, e.g. "<file>". @default "<value>" */
  readonly value?: string;
}

export interface CommandSpec {
  /** The package script: the help reads `npm run <command> -- ...`. */
  readonly command: string;
  /** One or two sentences: what the command does and where its output goes. */
  readonly summary: string;
  /** The positional arguments as the help shows them, e.g. "<env>" or "[<env>]". */
  readonly args?: string;
  /** How many positional arguments are accepted. @default none */
  readonly positionals?: { readonly min: number; readonly max: number };
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** Example invocations, printed under the options. */
  readonly examples?: readonly string[];
}

type OptionValues<O> = {
  [K in keyof O]?: O[K] extends { readonly type: "boolean" } ? boolean : string;
};

export interface ParsedArgs<S extends CommandSpec> {
  readonly values: OptionValues<NonNullable<S["options"]>>;
  readonly positionals: string[];
}

/** Bad command-line input: printed with the usage line, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** `--help` was given: print helpText(spec), exit 0. */
export class HelpRequested extends Error {}

export function usageLine(spec: CommandSpec): string {
  const hasOptions = Object.keys(spec.options ?? {}).length > 0;
  const rest = [spec.args, hasOptions ? "[options]" : undefined].filter(Boolean).join(" ");
  return `npm run ${spec.command}${rest ? ` -- ${rest}` : ""}`;
}

export function helpText(spec: CommandSpec): string {
  const options: [string, string][] = [
    ...Object.entries(spec.options ?? {}).map(([name, option]): [string, string] => [
      `--${name}${option.type === "string" ? ` ${option.value ?? "<value>"}` : ""}`,
      option.description,
    ]),
    ["-h, --help", "show this help"],
  ];
  const width = Math.max(...options.map(([flag]) => flag.length)) + 2;
  return [
    `Usage: ${usageLine(spec)}`,
    "",
    spec.summary,
    "",
    "Options:",
    ...options.map(([flag, description]) => `  ${flag.padEnd(width)}${description}`),
    ...(spec.examples?.length
      ? ["", "Examples:", ...spec.examples.map((example) => `  ${example}`)]
      : []),
  ].join("\n");
}

/** Parses `argv` (without node and the script) against the spec; throws UsageError. */
export function parseCommand<const S extends CommandSpec>(
  spec: S,
  argv: readonly string[],
): ParsedArgs<S> {
  const declared = spec.options ?? {};
  const known = [...Object.keys(declared), "help"];
  const options = Object.fromEntries([
    ...Object.entries(declared).map(([name, option]) => [name, { type: option.type }]),
    ["help", { type: "boolean", short: "h" }],
  ]) as Record<string, { type: "boolean" | "string"; short?: string }>;
  // A lenient pass first, to name every unknown flag with its nearest known one; parseArgs's own
  // error would only quote it.
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === "option" && !known.includes(token.name)) {
      throw new UsageError(
        `Unknown option ${token.rawName}${didYouMean(token.name, known, (match) => `--${match}`)}`,
      );
    }
  }
  if (tokens.some((t) => t.kind === "option" && t.name === "help")) throw new HelpRequested();
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    // e.g. "Option '--plan-json <value>' argument missing"
    throw new UsageError((error as Error).message.split(/\. |\n/)[0]);
  }
  const positionals = parsed.positionals;
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  if (positionals.length < min)
    throw new UsageError(`Missing argument: ${spec.args ?? "an argument"}`);
  if (positionals.length > max) {
    const extra = positionals.slice(max);
    throw new UsageError(
      max === 0
        ? `Unexpected argument${extra.length > 1 ? "s" : ""}: ${extra.join(" ")}`
        : `Too many arguments: ${spec.command} takes ${max === 1 ? "one" : `at most ${max}`} (${spec.args}); ${extra.join(" ")} would be ignored`,
    );
  }
  const values: Record<string, unknown> = { ...parsed.values };
  delete values.help;
  return { values: values as ParsedArgs<S>["values"], positionals };
}

/**
 * Runs a script's main with its parsed arguments and exits with its code: 0 after --help; 2 with
 * the message and usage on bad arguments; 1 with the message only (no stack trace) on any other
 * error, such as an invalid env config.
 */
export function runCommand<const S extends CommandSpec>(
  spec: S,
  /** Returns (or resolves to) the exit code; anything else means 0. */
  main: (args: ParsedArgs<S>) => unknown,
  argv: readonly string[] = process.argv.slice(2),
): void {
  Promise.resolve()
    .then(() => main(parseCommand(spec, argv)))
    .then(
      (code) => process.exit(typeof code === "number" ? code : 0),
      (error: unknown) => {
        if (error instanceof HelpRequested) {
          console.log(helpText(spec));
          process.exit(0);
        }
        console.error(error instanceof Error ? error.message : String(error));
        if (error instanceof UsageError) {
          console.error(`Usage: ${usageLine(spec)}  (--help for more)`);
          process.exit(2);
        }
        process.exit(1);
      },
    );
}

/** `"dev, staging,,prod "` → ["dev", "staging", "prod"]: a comma list, trimmed, empties dropped. */
export function commaList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/**
 * The configs of the named envs, in the order given (each once), checked against the env folders
 * before anything is synthesized. An unknown name is a UsageError that lists the known envs.
 * `platformOnly` leaves out the bootstrap env, which has no Gitana to preview, draw or configure.
 */
export function envConfigs(
  names: readonly string[],
  options: { platformOnly?: boolean; envsDir?: string } = {},
): EnvConfig[] {
  const candidates = loadEnvironments(options.envsDir ?? ENVS_DIR).filter(
    (config) => !options.platformOnly || config.kind === "platform",
  );
  const known = candidates.map((config) => config.env).sort();
  if (names.length === 0) throw new UsageError(`No env given. Known envs: ${known.join(", ")}`);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const which = unknown.map((name) => `"${name}"${didYouMean(name, known)}`).join(", ");
    throw new UsageError(`Unknown env ${which}. Known envs: ${known.join(", ")}`);
  }
  return [...new Set(names)].flatMap((name) => candidates.filter((config) => config.env === name));
}
