import type { Construct } from "constructs";
import { TerraformResource } from "cdktf";
import { STATEFUL_TYPES } from "../../facts/stateful";

/**
 * Import blocks for existing resources an env adopts (config `imports`, construct path to import
 * id), so the first plan imports them instead of creating them. A path that names no resource of
 * the env is a config error, listing the stateful resources one would usually adopt.
 */
export function adoptExistingResources(
  platform: Construct,
  imports: Readonly<Record<string, string>>,
): void {
  const stackPath = platform.node.scope?.node.path ?? "";
  const resources = platform.node
    .findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource);
  for (const [path, id] of Object.entries(imports)) {
    const resource = resources.find((r) => r.node.path === `${stackPath}/${path}`);
    if (!resource) {
      const stateful = resources
        .filter((r) => STATEFUL_TYPES.includes(r.terraformResourceType))
        .map((r) => r.node.path.slice(stackPath.length + 1));
      throw new Error(
        `Invalid config for env "${stackPath}" (envs/${stackPath}):\n  - imports.${path}: ${JSON.stringify(id)} names no resource of this env; stateful ones are ${stateful.join(", ")}`,
      );
    }
    resource.importFrom(id);
  }
}
