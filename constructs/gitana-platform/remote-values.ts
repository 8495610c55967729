import { Construct } from "constructs";
import { DataTerraformRemoteStateS3, Fn, Token } from "cdktf";

/** A value given literally, or read from an output of another Terraform state (S3 backend). */
export type ValueRef =
  | string
  | {
      readonly fromRemoteState: {
        readonly bucket: string;
        readonly key: string;
        readonly region: string;
        readonly output: string;
        /** Position in a list output. @default - the whole output */
        readonly index?: number;
      };
    };

/**
 * Resolves config values that may come from another Terraform state: one
 * `terraform_remote_state` (S3) data source per state read, shared by all its outputs.
 */
export class RemoteValues extends Construct {
  private readonly states = new Map<string, DataTerraformRemoteStateS3>();

  resolve(value: ValueRef): string {
    if (typeof value === "string") return value;
    const { bucket, key, region, output, index } = value.fromRemoteState;
    const id = `${bucket}/${key}`;
    let state = this.states.get(id);
    if (!state) {
      state = new DataTerraformRemoteStateS3(this, `state-${this.states.size}`, {
        bucket,
        key,
        region,
      });
      this.states.set(id, state);
    }
    return index === undefined
      ? state.getString(output)
      : Token.asString(Fn.element(state.getList(output), index));
  }
}
