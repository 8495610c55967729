/**
 * Adds a new env to the places in a GitHub workflow that list every env, keeping each place's
 * own style: a flow list (`options: [dev, staging, prod]`), a JSON map of env to variable suffix
 * (`{"dev":"DEV",...}`) and matrix entries (`- env: staging` and its indented lines, copied from
 * the source env). A list naming only some envs (`["dev","staging"]`, what main deploys) is a
 * choice, not a catalogue, and is left alone. Returns the text and what was changed.
 */

/** The suffix of the env's repository variables: qa-eu → QA_EU (AWS_PLAN_ROLE_ARN_QA_EU). */
export function variableSuffix(env: string): string {
  return env.toUpperCase().replace(/-/g, "_");
}

export function addEnvToWorkflow(
  text: string,
  platformEnvs: readonly string[],
  from: string,
  name: string,
): { text: string; changes: string[] } {
  const changes: string[] = [];
  const namesAll = (items: string[]) =>
    platformEnvs.every((env) => items.includes(env)) && !items.includes(name);

  let out = text.replace(/\[([^[\]\n]*)\]/g, (list, inner: string) => {
    const items = inner.split(",").map((item) => item.trim());
    const bare = items.map((item) => item.replace(/^["']|["']$/g, ""));
    if (!namesAll(bare)) return list;
    const quote = /^["']/.exec(items[0])?.[0] ?? "";
    changes.push(`list ${list}`);
    return `[${inner}, ${quote}${name}${quote}]`;
  });

  out = out.replace(/\{("[^{}\n]*)\}/g, (map) => {
    let parsed: Record<string, string>;
    try {
      parsed = JSON.parse(map) as Record<string, string>;
    } catch {
      return map;
    }
    if (!namesAll(Object.keys(parsed))) return map;
    changes.push(`map ${map}`);
    const value = parsed[from].split(variableSuffix(from)).join(variableSuffix(name));
    return JSON.stringify({ ...parsed, [name]: value });
  });

  // Matrix entries: `- env: <from>` and the lines indented under it, copied for the new env
  // after the last entry of the same list.
  const entry = new RegExp(`\\n([ \\t]*)- env: ${from}\\n((?:\\1[ \\t]+\\S.*\\n)*)`);
  const match = entry.exec(out);
  if (match && !new RegExp(`\\n[ \\t]*- env: ${name}\\n`).test(out)) {
    const [, indent] = match;
    // The entries after the source's in the same list: the copy goes after the last of them.
    const sibling = new RegExp(`${indent}- env: [\\w-]+\\n(?:${indent}[ \\t]+\\S.*\\n)*`, "y");
    let end = match.index + match[0].length;
    for (sibling.lastIndex = end; sibling.exec(out);) end = sibling.lastIndex;
    const copy = `${indent}- env: ${name}\n${match[2]
      .split(variableSuffix(from))
      .join(variableSuffix(name))
      .split(from)
      .join(name)}`;
    out = `${out.slice(0, end)}${copy}${out.slice(end)}`;
    changes.push(`matrix entry - env: ${from}`);
  }
  return { text: out, changes };
}
