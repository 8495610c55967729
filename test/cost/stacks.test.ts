import { assumptionsFor, loadAssumptionsFile } from "../../tools/cost/assumptions";
import { componentTotals, estimate, type Estimate } from "../../tools/cost/estimate";
import { FREE_TYPES } from "../../tools/cost/free-types";
import { PRICED_TYPES } from "../../tools/cost/pricers";
import { loadPriceTable } from "../../tools/cost/prices";
import { providerRegion, type StackJson } from "../../synthesized/stack-json";
import { ENV_NAMES, PLATFORM_ENVS } from "../helpers/envs";
import { synthShippedEnvs } from "../helpers/synth";

// The shipped envs, built as `npm run cost` builds them.
let stacks: Record<string, StackJson>;

beforeAll(() => {
  stacks = synthShippedEnvs() as Record<string, StackJson>;
});

function estimateOf(env: string): Estimate {
  const stack = stacks[env];
  return estimate(
    stack,
    loadPriceTable(providerRegion(stack) ?? "none"),
    assumptionsFor(loadAssumptionsFile(), env),
  );
}

it("synthesizes the envs the estimate is shipped for", () => {
  expect(Object.keys(stacks).sort()).toEqual(ENV_NAMES);
});

it("claims no type both as priced and as free", () => {
  expect(Object.keys(FREE_TYPES).filter((t) => PRICED_TYPES.has(t))).toEqual([]);
});

describe.each(ENV_NAMES)("env %s", (env) => {
  it("has every resource type priced or in the free-list", () => {
    const types = Object.keys(stacks[env].resource ?? {});
    const uncovered = types.filter((t) => !PRICED_TYPES.has(t) && FREE_TYPES[t] === undefined);
    expect(uncovered).toEqual([]);
  });

  it("leaves nothing unpriced, and its total is the sum of its lines", () => {
    const result = estimateOf(env);
    expect(result.unpriced).toEqual([]);
    expect(result.total).toBeGreaterThan(0);
    expect(result.total).toBeCloseTo(
      result.items.reduce((sum, i) => sum + i.monthlyUsd, 0),
      9,
    );
  });

  it("reports a resource type it does not know instead of dropping it", () => {
    const stack = structuredClone(stacks[env]);
    stack.resource = {
      ...stack.resource,
      aws_instance: { bastion: { instance_type: "t4g.nano" } },
    };
    const result = estimate(
      stack,
      loadPriceTable("eu-west-1"),
      assumptionsFor(loadAssumptionsFile(), env),
    );
    expect(result.unpriced).toEqual([
      {
        type: "aws_instance",
        names: ["bastion"],
        reason: "no pricer for this type and it is not in the free-list",
      },
    ]);
    expect(result.total).toBeCloseTo(estimateOf(env).total, 9);
  });
});

it("prices every component the platform envs build", () => {
  for (const env of PLATFORM_ENVS) {
    expect([...componentTotals(estimateOf(env)).keys()]).toEqual(
      expect.arrayContaining([
        "Fargate",
        "DocumentDB",
        "OpenSearch",
        "NAT gateways",
        "Load balancers",
        "KMS",
        "Secrets Manager",
        "CloudWatch Logs",
        "S3",
      ]),
    );
  }
});

/** [vCPU-hour, GB-hour] from assets/pricing/eu-west-1.json. */
const RATES: Record<string, [number, number]> = {
  "FARGATE ARM64": [0.03238, 0.00356],
  "FARGATE X86_64": [0.04048, 0.004445],
  "FARGATE_SPOT ARM64": [0.010671, 0.0011732],
  "FARGATE_SPOT X86_64": [0.01334053, 0.00146489],
};

it("prices each Fargate service from its own task definition and task count", () => {
  const stack = stacks.prod;
  const services = Object.values(stack.resource?.aws_ecs_service ?? {});
  const fargate = estimateOf("prod").items.filter((i) => i.component === "Fargate");
  expect(fargate).toHaveLength(services.length);
  for (const service of services) {
    const td = String(service.task_definition).split(".")[1];
    const def = stack.resource?.aws_ecs_task_definition?.[td] ?? {};
    const arch = (def.runtime_platform as { cpu_architecture: string }).cpu_architecture;
    const [provider] = service.capacity_provider_strategy as { capacity_provider: string }[];
    const rates = RATES[`${provider.capacity_provider} ${arch}`];
    const expected =
      Number(service.desired_count) *
      ((Number(def.cpu) / 1024) * rates[0] + (Number(def.memory) / 1024) * rates[1]) *
      730;
    expect(
      fargate.find((i) => i.what.startsWith(`${String(service.name)}:`))?.monthlyUsd,
    ).toBeCloseTo(expected, 6);
  }
});
