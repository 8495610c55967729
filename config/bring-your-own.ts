import { z } from "zod";
import { REGION_PATTERN } from "../facts/aws-env";

/**
 * Existing resources an env uses instead of creating them, each independently. Any id may be a
 * literal or a reference to an output of another Terraform state (`fromRemoteState`), read with
 * a `terraform_remote_state` (S3) data source.
 */

/** An output of another Terraform state (S3 backend), read with one `terraform_remote_state`
 * data source per state, instead of a literal value. */
const remoteState = z.strictObject({
  /** The S3 backend of the other state. */
  bucket: z.string().min(3, { error: "must name the S3 bucket of the other state" }),
  /** The state object's key in that bucket, e.g. `network/prod.tfstate`. */
  key: z.string().min(1, { error: "must be the state object's key" }),
  /** The bucket's region. */
  region: z.string().regex(REGION_PATTERN, { error: "must be an AWS region code" }),
  /** The output to read; with `index`, one element of a list output. */
  output: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { error: "must be an output name" }),
  /** Position in a list output, from 0. @default - the whole output */
  index: z.number().int().min(0).optional(),
});

/** A string value, given literally or read from another Terraform state. */
export const valueRef = z.union(
  [z.string().min(1), z.strictObject({ fromRemoteState: remoteState })],
  {
    error: "must be a string, or { fromRemoteState: { bucket, key, region, output } }",
  },
);
export type ValueRef = z.output<typeof valueRef>;

/** Three subnet ids, one per AZ, in the order of `availabilityZones`. */
const threeSubnets = z
  .array(valueRef)
  .length(3, { error: "must list three subnet ids, one per AZ, in AZ order" });

/** A VPC of yours: no network resource is created. */
export const existingNetworkSchema = z.strictObject({
  vpcId: valueRef,
  /** The VPC's CIDR (internal load balancers and endpoints admit it). */
  vpcCidr: z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, { error: "must be an IPv4 CIDR" }),
  /** Subnet ids per tier, in the order of `availabilityZones`. */
  subnetIds: z.strictObject({ public: threeSubnets, private: threeSubnets, data: threeSubnets }),
});

const KEY_ARN_RULE =
  "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>, not an alias)";

/** A KMS key by its key ARN: services and IAM grants need the key itself, not an alias. */
const keyRef = z.union(
  [
    z.string().regex(/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, { error: KEY_ARN_RULE }),
    z.strictObject({ fromRemoteState: remoteState }),
  ],
  {
    error: `${KEY_ARN_RULE}, or { fromRemoteState: { bucket, key, region, output } }`,
  },
);

/** KMS keys of yours, by kind. Their policies must already allow what the project's own would. */
export const existingKeysSchema = z
  .strictObject({ logs: keyRef, data: keyRef, messaging: keyRef, secrets: keyRef })
  .partial();

/** An ECS cluster of yours: it must have FARGATE and FARGATE_SPOT attached. */
export const existingEcsClusterSchema = z.strictObject({
  /** The cluster's name. */
  name: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { error: "must be an ECS cluster name" }),
  /** The Cloud Map HTTP namespace the services register in with Service Connect. */
  serviceConnectNamespaceArn: valueRef,
});
