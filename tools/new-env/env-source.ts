/**
 * Edits of an env folder's index.ts for `npm run new-env`: the new env is a copy of another's
 * file (so it keeps the shared images and state backend, and its comments), with its own VPC
 * range, tags, domain and suppressions. Each edit finds exactly what it changes or throws, so a
 * file laid out differently is reported, never half-converted.
 */

export interface EnvSourceChanges {
  readonly from: string;
  readonly name: string;
  readonly vpcCidr: string;
  readonly domain?: { readonly name: string; readonly hostedZoneId: string };
  readonly accountId?: string;
  /**
   * Who may reach the internet-facing load balancers. Required without a domain: they then serve
   * plain HTTP, and the config refuses that open to the internet. @default - the source env's
   */
  readonly allowedCidrs?: readonly string[];
  /** yyyy-mm-dd, written into the file's header. */
  readonly date: string;
}

/** Without a domain the load balancers serve HTTP only: the check's ELB.1 then fails by design. */
const NO_DOMAIN_SUPPRESSION =
  '{ control: "ELB.1", reason: "no domain yet, so no certificate: the load balancers serve plain HTTP until compute.domain is set" },';

export function rewriteEnvSource(text: string, change: EnvSourceChanges): string {
  let out = replaceOnce(
    text,
    /vpcCidr: "[^"]*"/,
    `vpcCidr: "${change.vpcCidr}"`,
    "network.vpcCidr as a string literal",
  );
  if (change.accountId)
    out = replaceOnce(out, /accountId: "\d{12}"/, `accountId: "${change.accountId}"`, "accountId");
  out = retag(out, change.from, change.name);
  out = setDomain(out, change.domain);
  if (change.allowedCidrs) out = setAllowedCidrs(out, change.allowedCidrs);
  out = setNoDomainSuppression(out, change.domain === undefined);
  return header(out, change);
}

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, "g")) ?? [];
  if (matches.length !== 1)
    throw new Error(
      `expected ${what} exactly once in the source env's index.ts, found ${matches.length}`,
    );
  return text.replace(pattern, replacement);
}

/** Tag values naming the source env (`Environment: "staging"`, `"platform-dev"`) name the new one. */
function retag(text: string, from: string, name: string): string {
  const tags = /tags: \{[^}]*\}/.exec(text);
  if (!tags) return text;
  const word = new RegExp(`(["-])${from}(["-])`, "g");
  const renamed = tags[0].replace(word, `$1${name}$2`);
  return text.slice(0, tags.index) + renamed + text.slice(tags.index + tags[0].length);
}

const DOMAIN = /\n([ \t]*)domain: \{[^}]*\},?[ \t]*(?=\n)/;

function setDomain(text: string, domain: EnvSourceChanges["domain"]): string {
  const existing = DOMAIN.exec(text);
  if (!domain) return existing ? text.replace(DOMAIN, "") : text;
  const line = (indent: string) =>
    `\n${indent}domain: { name: "${domain.name}", hostedZoneId: "${domain.hostedZoneId}" },`;
  if (existing) return text.replace(DOMAIN, line(existing[1]));
  const compute = /\n([ \t]*)compute: \{(?=\n)/.exec(text);
  if (!compute) throw new Error("expected a `compute: {` block in the source env's index.ts");
  const at = compute.index + compute[0].length;
  return text.slice(0, at) + line(`${compute[1]}  `) + text.slice(at);
}

const LOAD_BALANCERS = /\n([ \t]*)loadBalancers: \{\n[\s\S]*?\n\1\},?[ \t]*(?=\n)/;

/** api and ui internet-facing, reachable from `cidrs` only, in place of the source env's setting. */
function setAllowedCidrs(text: string, cidrs: readonly string[]): string {
  const list = `[${cidrs.map((c) => JSON.stringify(c)).join(", ")}]`;
  const block = (indent: string) =>
    `\n${indent}loadBalancers: {\n` +
    ["api", "ui"]
      .map((s) => `${indent}  ${s}: { internetFacing: true, allowedCidrs: ${list} },\n`)
      .join("") +
    `${indent}},`;
  const existing = LOAD_BALANCERS.exec(text);
  if (existing) return text.replace(LOAD_BALANCERS, block(existing[1]));
  const compute = /\n([ \t]*)compute: \{(?=\n)/.exec(text);
  if (!compute) throw new Error("expected a `compute: {` block in the source env's index.ts");
  const at = compute.index + compute[0].length;
  return text.slice(0, at) + block(`${compute[1]}  `) + text.slice(at);
}

/**
 * The bootstrap env names the envs whose state it guards (`stateAccess`): the list of env names
 * its roles are made for gets the new one, or synth refuses an env only break-glass could reach.
 */
export function addEnvToStateAccess(text: string, envs: readonly string[], name: string): string {
  const list = /\[((?:\s*"[a-z][a-z0-9-]*",?)+)\s*\](?=\.map\(\(env\))/.exec(text);
  if (!list) return text;
  const listed = [...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  if (listed.includes(name) || !envs.every((e) => listed.includes(e))) return text;
  const updated = `[${[...listed, name].map((e) => JSON.stringify(e)).join(", ")}]`;
  return text.slice(0, list.index) + updated + text.slice(list.index + list[0].length);
}

const ELB1_SUPPRESSION = /\n[ \t]*\{\s*control: "ELB\.1",[^}]*\},?[ \t]*(?=\n)/;

/** An env without a domain suppresses ELB.1 (plain HTTP), one with a domain must not (stale). */
function setNoDomainSuppression(text: string, noDomain: boolean): string {
  const has = ELB1_SUPPRESSION.test(text);
  if (!noDomain) return has ? text.replace(ELB1_SUPPRESSION, "") : text;
  if (has) return text;
  const list = /\n([ \t]*)suppressions: \[(\]?)/.exec(text);
  if (!list) {
    // No suppressions yet (prod): add the list before the state backend, the config's last key.
    const last = /\n([ \t]*)stateBackend[,:]/.exec(text);
    if (!last)
      throw new Error(
        "expected `suppressions: [` or `stateBackend` in the source env's index.ts (to accept ELB.1 without a domain)",
      );
    const indent = last[1];
    const block = `\n${indent}suppressions: [\n${indent}  ${NO_DOMAIN_SUPPRESSION}\n${indent}],`;
    return text.slice(0, last.index) + block + text.slice(last.index);
  }
  const indent = `${list[1]}  `;
  const at = list.index + list[0].length - list[2].length;
  const entry = `\n${indent}${NO_DOMAIN_SUPPRESSION}${list[2] ? `\n${list[1]}` : ""}`;
  return text.slice(0, at) + entry + text.slice(at);
}

function header(text: string, change: EnvSourceChanges): string {
  const note =
    ` * ${change.name}: made from envs/${change.from} by \`npm run new-env\` on ${change.date}, with its own\n` +
    ` * VPC range (${change.vpcCidr}), tags and ${change.domain ? `domain (${change.domain.name})` : "no domain"}; the notes below were written for ${change.from}.\n *\n`;
  const doc = text.indexOf("/**\n");
  if (doc < 0) return `/**\n${note.replace(/ \*\n$/, "")} */\n${text}`;
  return text.slice(0, doc + 4) + note + text.slice(doc + 4);
}
