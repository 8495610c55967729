// The ARN and partition facts live in the leaf (facts/aws-env.ts), where config can use them too;
// constructs keep importing them from here.
export * from "../../facts/aws-env";
