/**
 * `npm run new-env -- <name> --from <env>`: a new env folder made from another env, valid and
 * listed everywhere envs are listed. The work is in tools/new-env/.
 */
import { ROOT } from "../tools/paths";
import { runCommand, UsageError } from "../tools/cli";
import { createEnv, nextSteps } from "../tools/new-env/new-env";

const spec = {
  command: "new-env",
  summary:
    "Creates envs/<name> as a copy of another env with its own VPC range (one no other env " +
    "overlaps), its own tags and no domain unless one is given; checks it with every other env as " +
    "a synth would, and adds it to test/stateful-ids.json, the cost assumptions and the GitHub " +
    "workflows' env lists. Writes nothing if the new env would be invalid.",
  args: "<name>",
  positionals: { min: 1, max: 1 },
  options: {
    from: { type: "string", value: "<env>", description: "the env to copy (required)" },
    "vpc-cidr": {
      type: "string",
      value: "<cidr>",
      description: "the VPC range (default: the first free block of the source's size)",
    },
    domain: {
      type: "string",
      value: "<name>",
      description: "the env's domain, e.g. qa.cms.example.com (needs --hosted-zone-id)",
    },
    "hosted-zone-id": {
      type: "string",
      value: "<id>",
      description: "the Route 53 public hosted zone of --domain",
    },
    "allowed-cidrs": {
      type: "string",
      value: "<cidr,...>",
      description:
        "who may reach the load balancers, comma-separated (required without --domain: they then serve plain HTTP)",
    },
    account: {
      type: "string",
      value: "<id>",
      description: "the AWS account id (default: the source env's)",
    },
  },
  examples: [
    "npm run new-env -- qa --from staging --allowed-cidrs 203.0.113.0/24",
    "npm run new-env -- qa --from prod --domain qa.cms.example.com --hosted-zone-id Z0123456789ABC",
  ],
} as const;

runCommand(spec, ({ values, positionals: [name] }) => {
  if (!values.from) throw new UsageError("--from <env> is required: the env to copy");
  const { domain, "hosted-zone-id": hostedZoneId } = values;
  if ((domain === undefined) !== (hostedZoneId === undefined))
    throw new UsageError("--domain and --hosted-zone-id go together");
  const result = createEnv({
    root: ROOT,
    name,
    from: values.from,
    vpcCidr: values["vpc-cidr"],
    domain: domain && hostedZoneId ? { name: domain, hostedZoneId } : undefined,
    allowedCidrs: values["allowed-cidrs"]
      ?.split(",")
      .map((c) => c.trim())
      .filter(Boolean),
    accountId: values.account,
  });
  console.log(nextSteps(name, result));
});
