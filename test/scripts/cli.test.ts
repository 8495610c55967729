import {
  commaList,
  envConfigs,
  helpText,
  HelpRequested,
  parseCommand,
  UsageError,
  type CommandSpec,
} from "../../tools/cli";
import { closest } from "../../config/suggest";
import { ENV_NAMES, PLATFORM_ENVS } from "../helpers/envs";

const spec = {
  command: "example",
  summary: "An example command.",
  args: "<env>...",
  positionals: { min: 1, max: 2 },
  options: {
    update: { type: "boolean", description: "rewrite the record" },
    "plan-json": { type: "string", value: "<file>", description: "a plan" },
  },
} as const satisfies CommandSpec;

function usageError(argv: string[]): string {
  try {
    parseCommand(spec, argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`${argv.join(" ")} was accepted`);
}

describe("the scripts' argument parser", () => {
  test("returns the positionals and typed option values", () => {
    expect(parseCommand(spec, ["dev", "--update", "--plan-json", "plan.json"])).toEqual({
      positionals: ["dev"],
      values: { update: true, "plan-json": "plan.json" },
    });
  });

  test("refuses a misspelt flag, naming the flag it resembles", () => {
    expect(usageError(["dev", "--updat"])).toBe("Unknown option --updat (did you mean --update?)");
  });

  test("refuses an unknown flag that resembles none", () => {
    expect(usageError(["dev", "--colour"])).toBe("Unknown option --colour");
  });

  test("refuses a string option without its value", () => {
    expect(usageError(["dev", "--plan-json"])).toBe(
      "Option '--plan-json <value>' argument missing",
    );
  });

  test("refuses more positional arguments than the command takes, instead of dropping them", () => {
    expect(usageError(["dev", "staging", "prod"])).toBe(
      "Too many arguments: example takes at most 2 (<env>...); prod would be ignored",
    );
  });

  test("refuses a missing argument", () => {
    expect(usageError([])).toBe("Missing argument: <env>...");
  });

  test("--help wins over everything else on the line", () => {
    expect(() => parseCommand(spec, ["--help", "dev", "staging", "prod"])).toThrow(HelpRequested);
    expect(() => parseCommand(spec, ["-h"])).toThrow(HelpRequested);
  });

  test("the help lists usage, summary, every option and -h", () => {
    expect(helpText(spec)).toBe(
      [
        "Usage: npm run example -- <env>... [options]",
        "",
        "An example command.",
        "",
        "Options:",
        "  --update            rewrite the record",
        "  --plan-json <file>  a plan",
        "  -h, --help          show this help",
      ].join("\n"),
    );
  });

  test("comma lists are trimmed and empty items dropped", () => {
    expect(commaList(" dev, staging,,prod ")).toEqual(["dev", "staging", "prod"]);
    expect(commaList(undefined)).toEqual([]);
  });
});

describe("env arguments", () => {
  test("are returned in the order given, each once", () => {
    expect(envConfigs(["staging", "dev", "staging"]).map((c) => c.env)).toEqual(["staging", "dev"]);
  });

  test("an unknown env lists the known ones and suggests the closest", () => {
    expect(() => envConfigs(["stagin"])).toThrow(
      new UsageError(
        `Unknown env "stagin" (did you mean "staging"?). Known envs: ${ENV_NAMES.join(", ")}`,
      ),
    );
  });

  test("platform-only commands do not offer the bootstrap env", () => {
    expect(() => envConfigs(["bootstrap"], { platformOnly: true })).toThrow(
      `Unknown env "bootstrap". Known envs: ${PLATFORM_ENVS.join(", ")}`,
    );
  });

  test("no env at all is refused with the known ones", () => {
    expect(() => envConfigs([])).toThrow(`No env given. Known envs: ${ENV_NAMES.join(", ")}`);
  });
});

describe("did you mean", () => {
  test.each([
    ["natStrategey", "natStrategy"],
    ["instanceClas", "instanceClass"],
    ["updat", "update"],
    ["stagign", "staging"],
  ])("%s is taken for %s", (typo, meant) => {
    expect(closest(typo, ["natStrategy", "instanceClass", "update", "staging", "prod"])).toBe(
      meant,
    );
  });

  test("a name close to nothing gets no suggestion", () => {
    expect(closest("colour", ["update", "full"])).toBeUndefined();
  });
});
