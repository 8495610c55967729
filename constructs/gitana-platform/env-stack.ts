import { TerraformStack } from "cdktf";

/**
 * The stack of one environment (or of module mode). Environments never reference each other:
 * each has its own state, and what one needs from another is read with `fromRemoteState`.
 *
 * cdktf's `prepareStack` resolves every element once before the real synth, only to find
 * references between stacks and wire them through outputs and remote state. With none to find,
 * that pass is a second full resolve of every element and about a tenth of a synth, so it is
 * skipped. A reference to another env's resource would then be written as-is and rejected by
 * `terraform validate` as an undeclared resource (test/integration/env-stack.test.ts).
 */
export class EnvStack extends TerraformStack {
  public override prepareStack(): void {
    this.ensureBackendExists();
  }
}
