import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadEnvConfig } from "../config/load";
import { runtimeContractMarkdown } from "../constructs/ecs/runtime-contract-doc";
import type { PlatformEnvConfig } from "../config/schema";
import type { ComponentContract } from "../constructs/ecs/runtime-contract";
import { runtimeContract, SERVICE_NAMES } from "../constructs/ecs/services";
import type { StackJson } from "../synthesized/stack-json";
import { devInput, prodInput, stagingInput } from "./helpers/configs";
import { contractProblems, type EnvFacts } from "./helpers/runtime-contract-check";
import { synthEnv } from "./helpers/synth";

const ENVS = { dev: devInput(), staging: stagingInput(), prod: prodInput() };
const stacks = Object.fromEntries(
  Object.entries(ENVS).map(([env, input]) => [env, synthEnv(env, input)]),
) as Record<keyof typeof ENVS, StackJson>;
const factsOf = (env: keyof typeof ENVS): EnvFacts => ({
  uiScalesOut:
    (loadEnvConfig(env, ENVS[env]) as PlatformEnvConfig).compute.services.ui.maxCount > 1,
});

describe("every env meets Gitana's runtime contract", () => {
  for (const env of Object.keys(ENVS) as (keyof typeof ENVS)[]) {
    test.each(SERVICE_NAMES)(
      `${env}: %s gets every variable, secret, file, port and connection it needs`,
      (service) => {
        expect(
          contractProblems(stacks[env], service, runtimeContract(service), factsOf(env)),
        ).toEqual([]);
      },
    );
  }
});

function withoutNamesContaining<T>(
  resources: Record<string, T> | undefined,
  fragment: string,
): Record<string, T> {
  return Object.fromEntries(
    Object.entries(resources ?? {}).filter(([name]) => !name.includes(fragment)),
  );
}

/** A copy of prod's stack with `mutate` applied, to break one thing on purpose. */
function brokenProd(mutate: (stack: StackJson) => void): StackJson {
  const copy = JSON.parse(JSON.stringify(stacks.prod)) as StackJson;
  mutate(copy);
  return copy;
}

describe("a broken row fails the contract, naming the component and the connection", () => {
  test("the ui's HTTPS egress removed: the SQS poll and the task start are named", () => {
    const stack = brokenProd((s) => {
      const resources = s.resource ?? {};
      resources.aws_vpc_security_group_egress_rule = withoutNamesContaining(
        resources.aws_vpc_security_group_egress_rule,
        "compute_ui_egress-https",
      );
    });
    expect(contractProblems(stack, "ui", runtimeContract("ui"), factsOf("prod"))).toContain(
      "ui → sqs API on 443/https (polls deployment notifications; over HTTPS only with the hook, as aws-sdk sends to the QueueUrl's scheme): ui's security group egress does not admit it",
    );
  });

  test("the licence no longer injected into the ui: the secret is named", () => {
    const stack = brokenProd((s) => {
      for (const definition of Object.values(s.resource?.aws_ecs_task_definition ?? {})) {
        if (!String(definition.family).endsWith("-ui")) continue;
        const containers = JSON.parse(String(definition.container_definitions)) as {
          secrets?: { name: string }[];
        }[];
        for (const c of containers)
          c.secrets = c.secrets?.filter((x) => x.name !== "GITANA_LICENSE");
        definition.container_definitions = JSON.stringify(containers);
      }
    });
    expect(contractProblems(stack, "ui", runtimeContract("ui"), factsOf("prod"))).toContain(
      "ui: secret GITANA_LICENSE is not injected (sdk-k8s api.yaml and ui.yaml, envFrom secret gitana-env)",
    );
  });

  test("DocumentDB's ingress from api-worker removed: the target's side is named", () => {
    const stack = brokenProd((s) => {
      const resources = s.resource ?? {};
      resources.aws_vpc_security_group_ingress_rule = withoutNamesContaining(
        resources.aws_vpc_security_group_ingress_rule,
        "documentdb_security-group_from-api-worker",
      );
    });
    expect(
      contractProblems(stack, "apiWorker", runtimeContract("apiWorker"), factsOf("prod")),
    ).toEqual([
      "api-worker → documentdb on 27017/tls (content store): documentdb's security group ingress does not admit api-worker",
    ]);
  });

  const httpPoll: ComponentContract = {
    ...runtimeContract("ui"),
    connects: [
      { to: { awsApi: "sqs" }, port: 80, protocol: "http", why: "unhooked poll", source: "test" },
    ],
  };
  const withHttpEgress = (stack: StackJson) => {
    const copy = JSON.parse(JSON.stringify(stack)) as StackJson;
    const egress = copy.resource?.aws_vpc_security_group_egress_rule ?? {};
    const https = Object.entries(egress).find(([name]) => name.includes("compute_ui_egress-https"));
    egress.ui_http_anywhere = { ...https?.[1], from_port: 80, to_port: 80 };
    return copy;
  };

  test("SQS polled over plain HTTP, as the UI server would without its hook: the ui's egress refuses it", () => {
    expect(contractProblems(stacks.prod, "ui", httpPoll, factsOf("prod"))).toContain(
      "ui → sqs API on 80/http (unhooked poll): ui's security group egress does not admit it",
    );
  });

  test("with port 80 opened, the SQS interface endpoint still refuses plain HTTP", () => {
    expect(
      contractProblems(withHttpEgress(stacks.prod), "ui", httpPoll, factsOf("prod")),
    ).toContain(
      "ui → sqs API on 80/http (unhooked poll): the sqs interface endpoint answers HTTPS on 443 only",
    );
  });

  test("without an endpoint (dev), the queue policy's TLS deny refuses plain HTTP", () => {
    expect(contractProblems(withHttpEgress(stacks.dev), "ui", httpPoll, factsOf("dev"))).toContain(
      "ui → sqs API on 80/http (unhooked poll): the queue policy denies requests without TLS (aws:SecureTransport false)",
    );
  });
});

test("docs/runtime-contract.md is the contract in code", () => {
  const committed = readFileSync(join(__dirname, "..", "docs", "runtime-contract.md"), "utf8");
  const verdict =
    committed === runtimeContractMarkdown()
      ? "up to date"
      : "docs/runtime-contract.md is out of date: run `npm run docs`";
  expect(verdict).toBe("up to date");
});
