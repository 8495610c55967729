import type { ComputeConfig } from "../../config/compute";
import type { GitanaComputeProps, ServiceCapacity } from "../ecs";

/** The part of GitanaCompute's props an env's config decides; the platform wires the rest. */
export type ComputeSettings = Pick<
  GitanaComputeProps,
  | "images"
  | "cpuArchitecture"
  | "services"
  | "loadBalancers"
  | "domain"
  | "webAcl"
  | "clamavSignatureMirrorCidrs"
>;

/** Translates the env's compute config (config/compute.ts) into GitanaCompute's props. */
export function computeSettings(config: ComputeConfig): ComputeSettings {
  const capacity = (service: ComputeConfig["services"][keyof ComputeConfig["services"]]) => {
    const { cpu, memory, spot } = service;
    if (!("minCount" in service)) return { cpu, memory, spot, desiredCount: service.desiredCount };
    const { minCount, maxCount, targetCpuPercent } = service;
    return { cpu, memory, spot, scaling: { minCount, maxCount, targetCpuPercent } };
  };
  return {
    images: config.images,
    cpuArchitecture: config.cpuArchitecture,
    services: Object.fromEntries(
      Object.entries(config.services).map(([name, service]) => [name, capacity(service)]),
    ) as Record<keyof ComputeConfig["services"], ServiceCapacity>,
    loadBalancers: config.loadBalancers,
    domain: config.domain,
    webAcl: config.webAcl,
    clamavSignatureMirrorCidrs: config.clamavSignatureMirrorCidrs,
  };
}
