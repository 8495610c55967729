import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { ServiceDiscoveryHttpNamespace } from "@cdktf/provider-aws/lib/service-discovery-http-namespace";

/** What services need of an ECS cluster, whether this project made it or it is yours. */
export interface EcsClusterRef {
  readonly clusterName: string;
  readonly clusterArn: string;
  /** Service Connect's namespace. */
  readonly namespaceArn: string;
  /** What a service must wait for before it can be created in the cluster. */
  readonly ready: ITerraformDependable[];
}

export interface GitanaClusterProps {
  /** Cluster name, e.g. `gitana-prod`; also the API servers' cluster-discovery scope. */
  readonly name: string;
}

/**
 * The ECS cluster: Container Insights on (ECS.12), Fargate and Fargate Spot as capacity
 * providers (each service picks), and a Cloud Map HTTP namespace as the Service Connect default,
 * in which the services reach each other as `api`, `ui`, `av` and `clamav`.
 */
export class GitanaCluster extends Construct implements EcsClusterRef {
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly namespaceArn: string;
  readonly namespaceName: string;
  /** The capacity providers, so services depend on them being attached. */
  readonly capacityProviders: EcsClusterCapacityProviders;
  readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: GitanaClusterProps) {
    super(scope, id);
    this.namespaceName = `${props.name}.gitana.internal`;
    const namespace = new ServiceDiscoveryHttpNamespace(this, "namespace", {
      name: this.namespaceName,
      description: `Service Connect namespace of ${props.name}`,
    });
    this.namespaceArn = namespace.arn;

    const cluster = new EcsCluster(this, "cluster", {
      name: props.name,
      setting: [{ name: "containerInsights", value: "enabled" }],
      serviceConnectDefaults: { namespace: namespace.arn },
    });
    this.clusterName = props.name;
    this.clusterArn = cluster.arn;

    this.capacityProviders = new EcsClusterCapacityProviders(this, "capacity-providers", {
      clusterName: cluster.name,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
    });
    this.ready = [this.capacityProviders];
  }
}
