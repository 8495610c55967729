import { TerraformStack, type TerraformResource } from "cdktf";
import type { Construct } from "constructs";
// cdktf's own logical-id function (HashedAddressingScheme), pinned with cdktf 0.21.0: an old
// address must be computed exactly as cdktf computed it when the resource was first deployed.
import { makeUniqueId } from "cdktf/lib/private/unique";

/** The address cdktf gives a resource of `type` at construct path `scope/...ids`. */
export function addressUnder(scope: Construct, type: string, ...ids: string[]): string {
  const scopes = scope.node.scopes;
  const path = scopes.slice(scopes.indexOf(TerraformStack.of(scope)) + 1).map((c) => c.node.id);
  return `${type}.${makeUniqueId([...path, ...ids])}`;
}

/**
 * Keeps a deployed resource whose construct id changed from `oldId` (same parent): emits
 * `moved { from = <old address> to = <new address> }`, so Terraform renames it in state instead
 * of destroying the old resource and creating a new one. For a state that never held the old
 * address the block does nothing.
 */
export function movedFromId(resource: TerraformResource, oldId: string): void {
  const parent = resource.node.scope;
  if (!parent) throw new Error(`${resource.node.path}: a resource has a parent construct`);
  resource.moveFromId(addressUnder(parent, resource.terraformResourceType, oldId));
}

const removedByStack = new WeakMap<TerraformStack, string[]>();

/**
 * Lets resources the configuration no longer creates leave state without being destroyed:
 * `removed { from = <address>, lifecycle { destroy = false } }` (Terraform >= 1.7, which the
 * stack then requires). Without it Terraform destroys what is "not in configuration", whatever
 * its prevent_destroy said. Where the state never held the address the block does nothing.
 */
export function removedWithoutDestroy(scope: Construct, addresses: readonly string[]): void {
  const stack = TerraformStack.of(scope);
  const all = [...(removedByStack.get(stack) ?? []), ...addresses];
  removedByStack.set(stack, all);
  stack.addOverride(
    "removed",
    all.map((from) => ({ from, lifecycle: { destroy: false } })),
  );
  stack.addOverride("terraform.required_version", ">= 1.7.0");
}
