import type { PlatformEnvInput } from "../../config/schema";
import { gitanaImages } from "../images";
import { stateBackend } from "../state-backend";

/**
 * Production: one NAT gateway per AZ (an AZ outage leaves the others' egress intact), interface
 * endpoints so image pulls, logs and secrets stay off the internet path, logs kept for 13 months.
 * 111122223333 is the AWS documentation's example account id: replace it with yours.
 */
export const config: PlatformEnvInput = {
  kind: "platform",
  accountId: "111122223333",
  region: "eu-west-1",
  availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  namePrefix: "gitana",
  tags: { Project: "gitana", Environment: "prod", ManagedBy: "cdktf", CostCenter: "platform" },
  logRetentionDays: 400,
  network: {
    vpcCidr: "10.42.0.0/16",
    natStrategy: "perAz",
    interfaceEndpoints: true,
  },
  protection: { preventDestroy: true, deletionProtection: true },
  documentDb: {
    instanceClass: "db.r6g.large",
    instanceCount: 3,
    backupRetentionDays: 35,
    backupWindow: "01:00-02:00",
    maintenanceWindow: "sun:03:00-sun:04:00",
  },
  openSearch: {
    instanceType: "r7g.large.search",
    instanceCount: 3,
    dedicatedMaster: { instanceType: "m7g.large.search", count: 3 },
    volumeSizeGb: 200,
  },
  compute: {
    images: gitanaImages,
    // Strong consistency needs three live API members, also during a rolling deploy.
    apiCluster: { memberCount: 3, enforceQuorum: true },
    services: {
      api: { cpu: 1024, memory: 4096, minCount: 3, maxCount: 6 },
      apiWorker: { cpu: 2048, memory: 8192, minCount: 2, maxCount: 4 },
      ui: { cpu: 1024, memory: 2048, minCount: 2, maxCount: 6 },
      av: { cpu: 1024, memory: 2048, desiredCount: 2 },
      clamav: { cpu: 1024, memory: 3072, desiredCount: 2 },
    },
    webAcl: true,
    domain: { name: "cms.example.com", hostedZoneId: "Z0EXAMPLE000000PROD01" },
  },
  stateBackend,
};
