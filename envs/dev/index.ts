import type { PlatformEnvInput } from "../../config/schema";
import { gitanaImages } from "../images";
import { stateBackend } from "../state-backend";

/**
 * Development: the cheapest shape that still runs the whole platform. One NAT gateway (an AZ
 * outage cuts egress, acceptable here), no interface endpoints, short log retention.
 * 111122223333 is the AWS documentation's example account id: replace it with yours.
 */
export const config: PlatformEnvInput = {
  kind: "platform",
  accountId: "111122223333",
  region: "eu-west-1",
  availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  namePrefix: "gitana",
  tags: { Project: "gitana", Environment: "dev", ManagedBy: "cdktf", CostCenter: "platform-dev" },
  logRetentionDays: 30,
  network: {
    vpcCidr: "10.40.0.0/20",
    natStrategy: "single",
  },
  // Cheap and disposable: no AWS deletion protection, and `cdktf destroy` may remove data.
  protection: { preventDestroy: false, deletionProtection: false },
  documentDb: {
    instanceClass: "db.t4g.medium",
    instanceCount: 1,
    backupRetentionDays: 7,
  },
  openSearch: {
    instanceType: "t3.medium.search",
    instanceCount: 1,
    volumeSizeGb: 20,
  },
  iam: { ecsExec: true },
  compute: {
    images: gitanaImages,
    // One API member: no quorum to keep. (No Spot: Fargate Spot runs X86_64 tasks only, and the
    // Gitana images are ARM64.)
    apiCluster: { memberCount: 0, enforceQuorum: false },
    services: {
      api: { cpu: 1024, memory: 4096, minCount: 1, maxCount: 2 },
      apiWorker: { cpu: 1024, memory: 4096, minCount: 1, maxCount: 1 },
      // One ui task: no shared session store needed (a second task would need one).
      ui: { cpu: 512, memory: 1024, minCount: 1, maxCount: 1 },
      av: { cpu: 512, memory: 1024, desiredCount: 1 },
      clamav: { cpu: 1024, memory: 3072, desiredCount: 1 },
    },
    // No domain: the load balancers listen on plain HTTP, so they admit only the networks listed
    // here. 203.0.113.0/24 is a documentation range: replace it with your office or VPN range.
    loadBalancers: {
      api: { internetFacing: true, allowedCidrs: ["203.0.113.0/24"] },
      ui: { internetFacing: true, allowedCidrs: ["203.0.113.0/24"] },
    },
  },
  // What dev accepts failing in `npm run check -- dev`, and why (prod accepts nothing).
  suppressions: [
    {
      control: "ELB.1",
      reason: "dev has no domain, so no certificate: its load balancers serve plain HTTP",
    },
    {
      control: "ELB.6",
      reason: "dev is torn down and rebuilt freely; deletion protection would block that",
    },
    {
      control: "DocumentDB.5",
      reason: "dev is torn down and rebuilt freely; deletion protection would block that",
    },
    {
      control: "Gitana.DocumentDBFinalSnapshot",
      reason: "dev data is disposable; a final snapshot per teardown only costs",
    },
    {
      control: "Opensearch.6",
      reason: "one search node is enough for development; prod runs three across AZs",
    },
    { control: "CloudWatch.16", reason: "dev logs are kept 30 days to keep its cost down" },
    {
      control: "Gitana.PreventDestroy",
      reason: "dev data is disposable and `cdktf destroy dev` must work",
    },
    {
      control: "Gitana.RecoveryWindow",
      reason:
        "dev is disposable: its secrets go at once and its keys after 7 days, so a rebuild can reuse the names",
    },
  ],
  stateBackend,
};
