/**
 * Names that the constructs write into the synthesized stack and the tools read back out of it:
 * kept here so both sides use one spelling without tools importing constructs.
 */

/** Docker label that carries a container's reason for a writable root filesystem (ECS.5). */
export const WRITABLE_ROOT_REASON_LABEL = "io.gitana.writable-root-filesystem-reason";

/** Key prefix of the rendered Gitana config files in the config bucket. */
export const CONFIG_PREFIX = "config";

/** Terraform's dependency lock file: the provider versions and checksums an env was planned with. */
export const LOCK_FILE = ".terraform.lock.hcl";
