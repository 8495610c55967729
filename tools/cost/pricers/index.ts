import type { Pricer } from "../pricer";
import { documentDb, dynamoDb, elastiCache, openSearch, s3 } from "./data";
import { containerInsights, serviceConnect } from "./ecs-extras";
import { fargate } from "./fargate";
import { messaging } from "./messaging";
import { loadBalancers, natGateways, publicIpv4, vpcEndpoints } from "./network";
import { cloudWatchAlarms, cloudWatchLogs } from "./observability";
import { kmsKeys, secrets, waf } from "./security";

/** Every pricer, in the order the estimate lists its components. */
export const PRICERS: readonly Pricer[] = [
  fargate,
  serviceConnect,
  documentDb,
  openSearch,
  elastiCache,
  natGateways,
  publicIpv4,
  loadBalancers,
  vpcEndpoints,
  kmsKeys,
  secrets,
  cloudWatchLogs,
  cloudWatchAlarms,
  containerInsights,
  s3,
  waf,
  messaging,
  dynamoDb,
];

/** The resource types some pricer accounts for. */
export const PRICED_TYPES: ReadonlySet<string> = new Set(PRICERS.flatMap((p) => p.types));
