import type { Requirement } from "./runtime-contract";
import { runtimeContract, SERVICE_NAMES, serviceResourceName, targetName } from "./services";

/**
 * docs/runtime-contract.md, rendered from the service table (services.ts) so the document cannot drift from
 * what `npm test` checks (test/runtime-contract.test.ts compares the committed file).
 */
export function runtimeContractMarkdown(): string {
  const when = (row: { when?: string }) =>
    row.when ? " (when the ui can run more than one task)" : "";
  const list = (title: string, rows: readonly Requirement[]) =>
    rows.length === 0
      ? []
      : [`**${title}**`, "", ...rows.map((r) => `- \`${r.name}\`${when(r)} — ${r.source}`), ""];
  const sections = SERVICE_NAMES.flatMap((service) => {
    const c = runtimeContract(service);
    return [
      `## ${serviceResourceName(service)}`,
      "",
      ...list("Environment variables", c.environment),
      ...list("Secrets (from Secrets Manager)", c.secrets),
      ...list("Files under /gitana (synced from the config bucket)", c.files),
      "**Listens on**",
      "",
      ...c.listens.map((l) => `- ${l.port}/${l.protocol} — ${l.source}`),
      "",
      "**Connects to**",
      "",
      "| target | port | protocol | why | source |",
      "|---|---|---|---|---|",
      ...c.connects.map(
        (k) =>
          `| ${targetName(k.to)}${when(k)} | ${k.port} | ${k.protocol} | ${k.why} | ${k.source} |`,
      ),
      "",
    ];
  });
  return [
    "# Runtime contract",
    "",
    "What each Gitana component needs to run, as read in the vendor's own sources. Generated from",
    "the service table, `constructs/ecs/services.ts`, by `npm run docs`; `npm test` checks every env",
    "against it (each variable, secret, file and port is there, and each connection is admitted",
    "by the caller's egress, the target's ingress, any VPC endpoint and the target's resource",
    "policy) and fails when this file is stale.",
    "",
    "Sources: *sdk-ecs* gitana/sdk `containers/32/ecs/simple/*.json`; *sdk-k8s* gitana/sdk",
    "`containers/32/kubernetes/*/*.yaml`; *guide* the vendor's Gitana 3.2 on Amazon ECS guide;",
    "*cloudcms-server* the UI server's npm package 3.2.353; *aws-sdk* aws-sdk 2.1692.0 (the UI",
    "server's SQS client); *ours* a file of this project.",
    "",
    ...sections,
  ].join("\n");
}
