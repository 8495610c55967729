import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidConfigError, loadEnvConfig } from "../../config/load";
import { synthAll } from "../../tools/harness/synth";
import type { PlatformEnvConfig, PlatformEnvInput } from "../../config/schema";
import { PUBLIC_PLAIN_HTTP_CONTROL } from "../../config/compute";
import { CONTROL_IDS } from "../../tools/policy";
import { bootstrapInput, devInput, type NetworkedInput } from "../helpers/configs";

type Mutation = (config: NetworkedInput & Record<string, unknown>) => void;

/**
 * Synthesizes an envs folder holding dev's config after `mutate`, the way main.ts does; returns
 * the error it must raise, after checking that nothing at all was written.
 */
function rejection(mutate: Mutation): InvalidConfigError {
  const config = devInput() as NetworkedInput & Record<string, unknown>;
  mutate(config);
  const envs = mkdtempSync(join(tmpdir(), "gitana-bad-envs-"));
  mkdirSync(join(envs, "dev"));
  writeFileSync(join(envs, "dev", "index.js"), `exports.config = ${JSON.stringify(config)};`);
  const outdir = join(mkdtempSync(join(tmpdir(), "gitana-bad-out-")), "cdktf.out");
  try {
    synthAll(outdir, envs);
  } catch (error) {
    expect(existsSync(outdir)).toBe(false);
    const invalid = (error as Error).message;
    // loadEnvironments aggregates per-env messages; the env's own error carries the problems.
    try {
      loadEnvConfig("dev", config);
    } catch (own) {
      if (own instanceof InvalidConfigError && invalid.includes(own.message)) return own;
    }
    throw error;
  }
  throw new Error("the config was accepted");
}

describe("env config validation", () => {
  test("the shipped dev config is valid and gets its defaults resolved", () => {
    const config = loadEnvConfig("dev", devInput());
    expect(config).toMatchObject({
      env: "dev",
      kind: "platform",
      network: { interfaceEndpoints: false },
    });
  });

  // Each row: what is wrong, how to make it wrong, the field named, the value shown, the rule
  // stated. Each is synthesized like main.ts does: rejected, and nothing written.
  test.each<[string, Mutation, string, string, string]>([
    [
      "a malformed VPC CIDR",
      (c) => (c.network.vpcCidr = "10.0.0/16"),
      "network.vpcCidr",
      '"10.0.0/16"',
      "is not an IPv4 CIDR of the form a.b.c.d/n",
    ],
    [
      "a VPC CIDR with host bits",
      (c) => (c.network.vpcCidr = "10.40.1.0/20"),
      "network.vpcCidr",
      '"10.40.1.0/20"',
      "has host bits set; the network address is 10.40.0.0/20",
    ],
    [
      "an octet above 255",
      (c) => (c.network.vpcCidr = "10.300.0.0/16"),
      "network.vpcCidr",
      '"10.300.0.0/16"',
      "has an octet above 255",
    ],
    [
      "a VPC larger than AWS allows",
      (c) => (c.network.vpcCidr = "10.0.0.0/8"),
      "network.vpcCidr",
      '"10.0.0.0/8"',
      "must have a prefix length from /16",
    ],
    [
      "a VPC too small for nine subnets",
      (c) => (c.network.vpcCidr = "10.40.0.0/26"),
      "network.vpcCidr",
      '"10.40.0.0/26"',
      "must have a prefix length from /16 (the largest VPC AWS allows) to /24 (room for nine subnets)",
    ],
    [
      "subnet sizes that do not fit the VPC",
      (c) => (c.network.subnetPrefixLengths = { public: 24, private: 21, data: 24 }),
      "network.subnetPrefixLengths",
      '{"public":24,"private":21,"data":24}',
      "does not fit: 3 x /24 public, 3 x /21 private, 3 x /24 data need 7680 addresses but 10.40.0.0/20 has 4096",
    ],
    [
      "a subnet as large as the VPC",
      (c) => (c.network.subnetPrefixLengths = { public: 20, private: 22, data: 26 }),
      "network.subnetPrefixLengths.public",
      "20",
      "must be longer than the VPC's /20",
    ],
    [
      "a subnet smaller than AWS allows",
      (c) => (c.network.subnetPrefixLengths = { public: 29, private: 22, data: 26 }),
      "network.subnetPrefixLengths.public",
      "29",
      "must be at most 28 (the smallest subnet AWS allows)",
    ],
    [
      "an AZ of another region",
      (c) => (c.availabilityZones = ["eu-west-1a", "eu-west-1b", "us-east-1a"]),
      "availabilityZones.2",
      '"us-east-1a"',
      "is not an availability zone of region eu-west-1",
    ],
    [
      "fewer than three AZs",
      (c) => (c.availabilityZones = ["eu-west-1a", "eu-west-1b"]),
      "availabilityZones",
      '["eu-west-1a","eu-west-1b"]',
      "must list exactly three availability zones",
    ],
    [
      "the same AZ twice",
      (c) => (c.availabilityZones = ["eu-west-1a", "eu-west-1b", "eu-west-1a"]),
      "availabilityZones.2",
      '"eu-west-1a"',
      "is listed twice",
    ],
    [
      "an account id of 11 digits",
      (c) => (c.accountId = "11112222333"),
      "accountId",
      '"11112222333"',
      "must be an AWS account id: exactly 12 digits",
    ],
    [
      "an account id given as a number",
      (c) => (c.accountId = 111122223333 as unknown as string),
      "accountId",
      "111122223333",
      "must be a string of 12 digits",
    ],
    [
      "an unknown NAT strategy",
      (c) => (c.network.natStrategy = "perSubnet" as "single"),
      "network.natStrategy",
      '"perSubnet"',
      "must be one of: single, perAz",
    ],
    [
      "an alarm email that is not an address",
      (c) => (c.alarms = { emails: ["ops@example.com", "ops team"] }),
      "alarms.emails.1",
      '"ops team"',
      "must be an email address such as ops@example.com",
    ],
    ["an empty name prefix", (c) => (c.namePrefix = ""), "namePrefix", '""', "must not be empty"],
    [
      "a name prefix with capitals",
      (c) => (c.namePrefix = "Gitana"),
      "namePrefix",
      '"Gitana"',
      "must be lowercase letters, digits and single hyphens",
    ],
    [
      "a name prefix too long for AWS name limits",
      (c) => (c.namePrefix = "gitana-content-team"),
      "namePrefix",
      '"gitana-content-team"',
      'makes the resource name base "gitana-content-team-dev" 23 characters; it must be at most 20',
    ],
    [
      "a region that is not a region code",
      (c) => (c.region = "Ireland"),
      "region",
      '"Ireland"',
      "must be an AWS region code such as eu-west-1",
    ],
    [
      "a log retention CloudWatch does not offer",
      (c) => (c.logRetentionDays = 10),
      "logRetentionDays",
      "10",
      "must be one of the CloudWatch Logs retention periods: 1, 3, 5, 7, 14",
    ],
    [
      "a misspelt key",
      (c) => (c.network = { ...c.network, natStrategey: "single" } as never),
      "network.natStrategey",
      '"single"',
      'is not a known setting (did you mean "natStrategy"?)',
    ],
    [
      "a misspelt top-level key",
      (c) => (c.namePrefx = "gitana"),
      "namePrefx",
      '"gitana"',
      'is not a known setting (did you mean "namePrefix"?)',
    ],
    [
      "a missing section, named with what it needs",
      (c) => delete (c as Partial<PlatformEnvInput>).documentDb,
      "documentDb",
      "(missing)",
      "is required: an object with instanceClass, instanceCount, backupRetentionDays",
    ],
    [
      "an AZ the region does not have",
      (c) => (c.availabilityZones = ["eu-west-1a", "eu-west-1b", "eu-west-1d"]),
      "availabilityZones.2",
      '"eu-west-1d"',
      "does not exist: region eu-west-1 has eu-west-1a, eu-west-1b, eu-west-1c (AWS, as of 2026-12-02)",
    ],
    [
      "a DocumentDB backup window inside the maintenance window",
      (c) => (c.documentDb.backupWindow = "03:30-04:30"),
      "documentDb.backupWindow",
      '"03:30-04:30"',
      "overlaps maintenanceWindow sun:03:00-sun:04:00 (the backup starting sun); AWS refuses overlapping windows",
    ],
    [
      "a backup window that runs past midnight into Monday's maintenance",
      (c) => {
        c.documentDb.backupWindow = "23:30-00:30";
        c.documentDb.maintenanceWindow = "mon:00:00-mon:01:00";
      },
      "documentDb.backupWindow",
      '"23:30-00:30"',
      "overlaps maintenanceWindow mon:00:00-mon:01:00 (the backup starting sun)",
    ],
    [
      "a backup window shorter than AWS's 30 minutes",
      (c) => (c.documentDb.backupWindow = "23:50-00:10"),
      "documentDb.backupWindow",
      '"23:50-00:10"',
      "must be at least 30 minutes long (AWS's minimum)",
    ],
    [
      "a missing required field",
      (c) => delete (c as Partial<PlatformEnvInput>).region,
      "region",
      "(missing)",
      "is required",
    ],
    [
      "an unknown kind",
      (c) => (c.kind = "cluster" as "platform"),
      "kind",
      '"cluster"',
      'must be "platform" (a Gitana environment) or "bootstrap"',
    ],
    [
      "a reserved tag key",
      (c) => (c.tags = { "aws:owner": "me" }),
      "tags.aws:owner",
      '"aws:owner"',
      "tag keys must not start with the reserved prefix aws:",
    ],
    [
      "a state backend prefix too long for S3 bucket names",
      (c) => (c.stateBackend = { ...c.stateBackend, namePrefix: "gitana-content-platform-team" }),
      "stateBackend.namePrefix",
      '"gitana-content-platform-team"',
      'makes the state access-log bucket name "gitana-content-platform-team-tfstate-logs-111122223333-eu-west-1" 64 characters; S3 allows 63',
    ],
    [
      "a DocumentDB instance class it does not offer",
      (c) => (c.documentDb.instanceClass = "db.m5.large"),
      "documentDb.instanceClass",
      '"db.m5.large"',
      "must be a DocumentDB 5.0 instance class: db.t3.medium, db.t4g.medium, or db.r5/r6g/r6gd/r8g.large to .24xlarge",
    ],
    [
      "no DocumentDB instance",
      (c) => (c.documentDb.instanceCount = 0),
      "documentDb.instanceCount",
      "0",
      "must be at least 1 instance",
    ],
    [
      "more DocumentDB instances than a cluster holds",
      (c) => (c.documentDb.instanceCount = 17),
      "documentDb.instanceCount",
      "17",
      "must be at most 16 instances",
    ],
    [
      "DocumentDB backups kept under a week",
      (c) => (c.documentDb.backupRetentionDays = 3),
      "documentDb.backupRetentionDays",
      "3",
      "must be at least 7 days",
    ],
    [
      "DocumentDB backups kept beyond AWS's limit",
      (c) => (c.documentDb.backupRetentionDays = 36),
      "documentDb.backupRetentionDays",
      "36",
      "must be at most 35 days",
    ],
    [
      "a DocumentDB engine Gitana is not certified on",
      (c) => (c.documentDb.engineVersion = "4.0.0" as "5.0.0"),
      "documentDb.engineVersion",
      '"4.0.0"',
      "must be one of: 5.0.0",
    ],
    [
      "a malformed backup window",
      (c) => (c.documentDb.backupWindow = "1am-2am"),
      "documentDb.backupWindow",
      '"1am-2am"',
      "must be a UTC window hh:mm-hh:mm such as 01:00-02:00",
    ],
    [
      "a malformed maintenance window",
      (c) => (c.documentDb.maintenanceWindow = "sunday 3am"),
      "documentDb.maintenanceWindow",
      '"sunday 3am"',
      "must be a UTC window ddd:hh:mm-ddd:hh:mm",
    ],
    [
      "OpenSearch data nodes that cannot spread over three AZs",
      (c) => (c.openSearch.instanceCount = 2),
      "openSearch.instanceCount",
      "2",
      "must be 1 or a multiple of 3: several data nodes are spread evenly over the three AZs (zone awareness)",
    ],
    [
      "an Elasticsearch engine version",
      (c) => (c.openSearch.engineVersion = "Elasticsearch_7.10"),
      "openSearch.engineVersion",
      '"Elasticsearch_7.10"',
      "must be an OpenSearch engine version from OpenSearch_2.11 on",
    ],
    [
      "an OpenSearch instance too small for fine-grained access control",
      (c) => (c.openSearch.instanceType = "t3.small.search"),
      "openSearch.instanceType",
      '"t3.small.search"',
      "must be an OpenSearch instance type such as r7g.large.search (t2/t3 .micro and .small lack fine-grained access control)",
    ],
    [
      "an even number of dedicated masters",
      (c) => (c.openSearch.dedicatedMaster = { instanceType: "m7g.large.search", count: 2 as 3 }),
      "openSearch.dedicatedMaster.count",
      "2",
      "must be 3 or 5 (an odd quorum across three AZs)",
    ],
    [
      "an OpenSearch volume below the minimum",
      (c) => (c.openSearch.volumeSizeGb = 5),
      "openSearch.volumeSizeGb",
      "5",
      "must be at least 10 GiB",
    ],
    [
      "a protection flag that is not a boolean",
      (c) => (c.protection = { preventDestroy: "yes" as unknown as boolean }),
      "protection.preventDestroy",
      '"yes"',
      "must be true or false",
    ],
    [
      "a task size Fargate does not offer",
      (c) => (c.compute.services.api = { ...c.compute.services.api, cpu: 1024, memory: 1024 }),
      "compute.services.api.memory",
      "1024",
      "memory 1024 does not go with cpu 1024; Fargate allows 2048 to 8192 in steps of 1024",
    ],
    [
      "a CPU size Fargate does not offer, reported under cpu",
      (c) => (c.compute.services.av = { ...c.compute.services.av, cpu: 300 }),
      "compute.services.av.cpu",
      "300",
      "is not a Fargate task size; use one of 256, 512, 1024, 2048, 4096, 8192, 16384",
    ],
    [
      "autoscaling with min above max",
      (c) => (c.compute.services.ui = { ...c.compute.services.ui, minCount: 3, maxCount: 2 }),
      "compute.services.ui.minCount",
      "3",
      "must not exceed maxCount (2)",
    ],
    [
      "an image without a tag",
      (c) => (c.compute.images.apiServer = { ...c.compute.images.apiServer, tag: "" }),
      "compute.images.apiServer.tag",
      '""',
      "must be a pinned version tag starting with its version number, such as 3.2.84-arm64 or 1.4.2, or a sha256:<64 hex digits> digest (floating tags such as latest, stable, edge or main are refused)",
    ],
    [
      "an image on latest",
      (c) => (c.compute.images.clamav = { repository: "clamav/clamav", tag: "latest" }),
      "compute.images.clamav.tag",
      '"latest"',
      "must be a pinned version tag starting with its version number, such as 3.2.84-arm64 or 1.4.2, or a sha256:<64 hex digits> digest (floating tags such as latest, stable, edge or main are refused)",
    ],
    ...["stable", "edge", "main", "lts", "alpine"].map(
      (tag): [string, Mutation, string, string, string] => [
        `an image on the floating tag ${tag}`,
        (c) => (c.compute.images.awsCli = { ...c.compute.images.awsCli, tag }),
        "compute.images.awsCli.tag",
        `"${tag}"`,
        "must be a pinned version tag starting with its version number, such as 3.2.84-arm64 or 1.4.2, or a sha256:<64 hex digits> digest (floating tags such as latest, stable, edge or main are refused)",
      ],
    ),
    [
      "a version tag that still floats",
      (c) => (c.compute.images.clamav = { repository: "clamav/clamav", tag: "1.4-stable" }),
      "compute.images.clamav.tag",
      '"1.4-stable"',
      "must not float: a tag naming latest, stable, edge, main, nightly, ... moves to new images",
    ],
    [
      "a tag inside the repository",
      (c) =>
        (c.compute.images.uiServer = { repository: "cloudcms/ui-server:3.2.84", tag: "3.2.84" }),
      "compute.images.uiServer.repository",
      '"cloudcms/ui-server:3.2.84"',
      "must be an image repository without tag",
    ],
    [
      "a CP member count Hazelcast refuses (1)",
      (c) => (c.compute.apiCluster = { memberCount: 1, enforceQuorum: false }),
      "compute.apiCluster.memberCount",
      "1",
      "must be 0 (CP subsystem off, for a single API member) or 3 to 7: Hazelcast's CP subsystem refuses 1 members",
    ],
    [
      "a CP member count Hazelcast refuses (2)",
      (c) => (c.compute.apiCluster = { memberCount: 2, enforceQuorum: false }),
      "compute.apiCluster.memberCount",
      "2",
      "must be 0 (CP subsystem off, for a single API member) or 3 to 7: Hazelcast's CP subsystem refuses 2 members",
    ],
    [
      "an x86_64-only ClamAV image on ARM64",
      (c) => (c.compute.images.clamav = { repository: "clamav/clamav", tag: "1.4.2" }),
      "compute.images.clamav.repository",
      '"clamav/clamav"',
      "is built for X86_64 only (Cisco-Talos/clamav issue #1104) and cpuArchitecture is ARM64: use clamav/clamav-debian, which is multi-arch",
    ],
    [
      "registry credentials that are not a secret ARN",
      (c) =>
        (c.compute.images.clamav = {
          repository: "clamav/clamav-debian",
          tag: "1.4.2",
          repositoryCredentialsSecretArn: "my-registry-secret",
        }),
      "compute.images.clamav.repositoryCredentialsSecretArn",
      '"my-registry-secret"',
      "must be a Secrets Manager secret ARN",
    ],
    [
      "an idle timeout ELB does not allow",
      (c) => (c.compute.loadBalancers = { ui: { internetFacing: true, idleTimeoutSeconds: 0 } }),
      "compute.loadBalancers.ui.idleTimeoutSeconds",
      "0",
      "must be at least 1 second",
    ],
    [
      "a domain without its hosted zone id",
      (c) => (c.compute.domain = { name: "cms.example.com" } as never),
      "compute.domain.hostedZoneId",
      "(missing)",
      "is required: it must be a string: a Route 53 hosted zone id",
    ],
    [
      "a domain name with capitals",
      (c) => (c.compute.domain = { name: "CMS.Example.com", hostedZoneId: "Z0123456789ABC" }),
      "compute.domain.name",
      '"CMS.Example.com"',
      "must be a lowercase DNS name such as cms.example.com",
    ],
    [
      "an api tier below the cluster quorum",
      (c) => {
        c.compute.apiCluster = { memberCount: 3, enforceQuorum: true };
        c.compute.services.api = {
          ...c.compute.services.api,
          minCount: 2,
          maxCount: 4,
          spot: false,
        };
      },
      "compute.services.api.minCount",
      "2",
      "must be at least apiCluster.memberCount (3): this env enforces the cluster quorum",
    ],
    [
      "an api tier on Spot where the quorum is enforced",
      (c) => {
        c.compute.cpuArchitecture = "X86_64";
        c.compute.apiCluster = { memberCount: 0, enforceQuorum: true };
        c.compute.services.api = { ...c.compute.services.api, spot: true };
      },
      "compute.services.api.spot",
      "true",
      "must be false: this env enforces the cluster quorum, and Spot reclaims tasks at any time",
    ],
    [
      "Fargate Spot for ARM64 tasks",
      (c) => (c.compute.services.av = { ...c.compute.services.av, spot: true }),
      "compute.services.av.spot",
      "true",
      "must be false: Fargate Spot runs only X86_64 tasks, and cpuArchitecture is ARM64 (as the Gitana images)",
    ],
    [
      "an existing key given by alias",
      (c) => (c.existingKeys = { data: "arn:aws:kms:eu-west-1:111122223333:alias/data" }),
      "existingKeys.data",
      '"arn:aws:kms:eu-west-1:111122223333:alias/data"',
      "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>, not an alias)",
    ],
    [
      "an allowed CIDR that is not a CIDR",
      (c) =>
        (c.compute.loadBalancers = { api: { internetFacing: true, allowedCidrs: ["office"] } }),
      "compute.loadBalancers.api.allowedCidrs.0",
      '"office"',
      "must be an IPv4 CIDR such as 203.0.113.0/24",
    ],
    [
      "half protection: DocumentDB guarded while search, buckets, keys and secrets are not",
      (c) => (c.protection = { preventDestroy: false, deletionProtection: true }),
      "protection.preventDestroy",
      "false",
      "must equal deletionProtection (true): an env keeps all its data (both true) or is disposable (both false, as dev)",
    ],
    [
      "an internet-facing plain-HTTP load balancer (no domain) without allowedCidrs",
      (c) => (c.compute.loadBalancers = { ui: { internetFacing: true } }),
      "compute.loadBalancers.api.allowedCidrs",
      "(missing)",
      'is required: it must list the networks that may reach this load balancer (office, VPN), e.g. ["203.0.113.0/24"]: without compute.domain it has no certificate and serves plain HTTP',
    ],
    [
      "plain HTTP to 0.0.0.0/0 without a suppression saying why",
      (c) =>
        (c.compute.loadBalancers = {
          api: { internetFacing: true, allowedCidrs: ["203.0.113.0/24", "0.0.0.0/0"] },
          ui: { internetFacing: true, allowedCidrs: ["203.0.113.0/24"] },
        }),
      "compute.loadBalancers.api.allowedCidrs.1",
      '"0.0.0.0/0"',
      'would serve plain HTTP to the whole internet (no compute.domain, so no TLS); list narrower networks, set compute.domain, or add a suppression { control: "Gitana.NoPublicPlainHttp", reason } saying why',
    ],
    [
      "a suppression without a reason",
      (c) => (c.suppressions = [{ control: "ELB.6", reason: "" }]),
      "suppressions.0.reason",
      '""',
      "must say why this env accepts the failure, in at least 20 characters",
    ],
    [
      "a suppression of a control the check does not have",
      (c) => (c.suppressions = [{ control: "S3.99", reason: "a reason long enough to read" }]),
      "suppressions.0.control",
      '"S3.99"',
      "is not a control of the policy check; known: S3.8, S3.5",
    ],
    [
      "both a network to create and an existing one",
      (c) =>
        (c.existingNetwork = {
          vpcId: "vpc-0abc",
          vpcCidr: "10.90.0.0/16",
          subnetIds: { public: ["a", "b", "c"], private: ["d", "e", "f"], data: ["g", "h", "i"] },
        }),
      "existingNetwork",
      '"(set)"',
      "and network are both set: give network to create a VPC, or existingNetwork to use yours",
    ],
    [
      "neither a network to create nor an existing one",
      (c) => delete (c as Partial<NetworkedInput>).network,
      "network",
      "(missing)",
      "is required: it must be given unless existingNetwork names your VPC and subnets",
    ],
    [
      "an existing network with two private subnets",
      (c) => {
        delete (c as Partial<NetworkedInput>).network;
        c.existingNetwork = {
          vpcId: "vpc-0abc",
          vpcCidr: "10.90.0.0/16",
          subnetIds: { public: ["a", "b", "c"], private: ["d", "e"], data: ["g", "h", "i"] },
        };
      },
      "existingNetwork.subnetIds.private",
      '["d","e"]',
      "must list three subnet ids, one per AZ, in AZ order",
    ],
    [
      "a remote-state reference without its output",
      (c) =>
        (c.existingKeys = {
          data: {
            fromRemoteState: { bucket: "acme-state", key: "k", region: "eu-west-1" },
          } as never,
        }),
      "existingKeys.data",
      '{"fromRemoteState":{"bucket":"acme-state","key":"k","region":"eu-west-1"}}',
      "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>, not an alias), or { fromRemoteState: { bucket, key, region, output } }",
    ],
    [
      "a session store node type of another service",
      (c) => {
        c.compute.services.ui.maxCount = 2;
        c.sessionStore = { nodeType: "db.t4g.medium" };
      },
      "sessionStore.nodeType",
      '"db.t4g.medium"',
      "must be an ElastiCache node type cache.<family>.<size>, such as cache.t4g.small or cache.m7g.large",
    ],
    [
      "a session store where the ui runs one task",
      (c) => (c.sessionStore = { nodeType: "cache.t4g.small" }),
      "sessionStore",
      '"(set)"',
      "has no effect: the store exists only when compute.services.ui.maxCount is above 1 (it is 1); one ui task keeps its state in process",
    ],
  ])("rejects %s", (_what, mutate, field, value, rule) => {
    const error = rejection(mutate);
    expect(error.env).toBe("dev");
    expect(error.message).toContain('Invalid config for env "dev" (envs/dev)');
    expect(error.message).toContain(`${field}: ${value} ${rule}`);
  });

  test.each(["3.2.84-arm64", "v1.4", "1.4.2", `sha256:${"a".repeat(64)}`])(
    "accepts the pinned image tag %s",
    (tag) => {
      const config = devInput();
      config.compute.images.clamav = { repository: "clamav/clamav-debian", tag };
      expect((loadEnvConfig("dev", config) as PlatformEnvConfig).compute.images.clamav.tag).toBe(
        tag,
      );
    },
  );

  test("accepts a backup window that ends as the maintenance window starts", () => {
    const config = devInput();
    config.documentDb = {
      ...config.documentDb,
      backupWindow: "02:00-03:00",
      maintenanceWindow: "sun:03:00-sun:04:00",
    };
    expect((loadEnvConfig("dev", config) as PlatformEnvConfig).documentDb.backupWindow).toBe(
      "02:00-03:00",
    );
  });

  test("plain HTTP to 0.0.0.0/0 is accepted when the env suppresses the control with its reason", () => {
    const config = devInput();
    config.compute.loadBalancers = { ui: { internetFacing: true, allowedCidrs: ["0.0.0.0/0"] } };
    config.compute.loadBalancers.api = { internetFacing: true, allowedCidrs: ["0.0.0.0/0"] };
    config.suppressions = [
      ...(config.suppressions ?? []),
      { control: PUBLIC_PLAIN_HTTP_CONTROL, reason: "a public demo with no data worth a login" },
    ];
    expect(loadEnvConfig("dev", config)).toMatchObject({
      compute: { loadBalancers: { api: { allowedCidrs: ["0.0.0.0/0"] } } },
    });
    expect(CONTROL_IDS).toContain(PUBLIC_PLAIN_HTTP_CONTROL);
  });

  test("reports every problem of a config at once", () => {
    const error = rejection((c) => {
      c.accountId = "1";
      c.network.natStrategy = "none" as "single";
    });
    expect(error.problems.map((p) => p.field)).toEqual(["accountId", "network.natStrategy"]);
  });

  test("rejects an env folder name that cannot name a stack", () => {
    expect(() => loadEnvConfig("Dev_1", devInput())).toThrow(
      'Invalid config for env "Dev_1" (envs/Dev_1):\n  - (folder name): "Dev_1" must be lowercase letters, digits and single hyphens',
    );
  });

  test("validates the bootstrap config's state backend too", () => {
    const config = bootstrapInput();
    config.stateBackend = { ...config.stateBackend, accountId: "abc" };
    expect(() => loadEnvConfig("bootstrap", config)).toThrow(
      'stateBackend.accountId: "abc" must be an AWS account id',
    );
  });
});
