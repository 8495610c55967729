import type { PlatformEnvInput } from "../../config/schema";
import { gitanaImages } from "../images";
import { stateBackend } from "../state-backend";

/**
 * Staging: production's shape at a smaller size, so a change is rehearsed on the same topology.
 * 111122223333 is the AWS documentation's example account id: replace it with yours.
 */
export const config: PlatformEnvInput = {
  kind: "platform",
  accountId: "111122223333",
  region: "eu-west-1",
  availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  namePrefix: "gitana",
  tags: { Project: "gitana", Environment: "staging", ManagedBy: "cdktf", CostCenter: "platform" },
  logRetentionDays: 90,
  network: {
    vpcCidr: "10.41.0.0/18",
    natStrategy: "perAz",
    interfaceEndpoints: true,
  },
  // Staging holds data worth keeping (rehearsed migrations): protected as prod is.
  protection: { preventDestroy: true, deletionProtection: true },
  documentDb: {
    instanceClass: "db.r6g.large",
    instanceCount: 2,
    backupRetentionDays: 7,
  },
  openSearch: {
    instanceType: "r7g.large.search",
    instanceCount: 3,
    volumeSizeGb: 50,
  },
  compute: {
    images: gitanaImages,
    apiCluster: { memberCount: 3, enforceQuorum: true },
    services: {
      api: { cpu: 1024, memory: 4096, minCount: 3, maxCount: 4 },
      apiWorker: { cpu: 2048, memory: 6144, minCount: 1, maxCount: 2 },
      ui: { cpu: 1024, memory: 2048, minCount: 1, maxCount: 2 },
      av: { cpu: 1024, memory: 2048, desiredCount: 1 },
      clamav: { cpu: 1024, memory: 3072, desiredCount: 1 },
    },
    webAcl: true,
    domain: { name: "staging.cms.example.com", hostedZoneId: "Z0EXAMPLE00STAGING01" },
  },
  // What staging accepts failing in `npm run check -- staging`, and why (prod accepts nothing).
  suppressions: [
    {
      control: "CloudWatch.16",
      reason: "staging logs are kept 90 days; they only rehearse prod's",
    },
  ],
  stateBackend,
};
