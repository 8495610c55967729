import { z } from "zod";
import { FARGATE_SIZES, fargateSizeProblem, scalingRangeProblem } from "../facts/fargate";
import { bool, intBetween, matching, oneOf } from "./fields";
import { dockerHubName, SINGLE_ARCHITECTURE_IMAGES } from "./image-architectures";

/** Env config of the compute layer: images, task sizes, counts, load balancers, domain. */

/** A repository reference without tag: `registry/path/name` or a Docker Hub `name`/`org/name`. */
const REPOSITORY =
  /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
/**
 * A pinned tag: it starts with a version of at least two numbers (`3.2.84`, `v1.4`, with any
 * suffix such as `-arm64`), so names that move (`latest`, `stable`, `edge`, `main`, `lts`, ...)
 * are refused whatever they are; or a `sha256:` digest, the only truly immutable reference.
 */
const TAG = /^v?\d+(\.\d+)+([-_+.][A-Za-z0-9_.-]*)?$|^sha256:[a-f0-9]{64}$/;
/** Words that mark a tag that moves even after a version number (`3.2-latest`). */
const FLOATING_WORDS =
  /(^|[-_.+])(latest|stable|edge|main|master|nightly|snapshot|current)($|[-_.+])/i;

const image = z.strictObject({
  /** e.g. `111122223333.dkr.ecr.eu-west-1.amazonaws.com/cloudcms/api-server`; no tag here. */
  repository: matching(
    REPOSITORY,
    "an image repository without tag, such as 111122223333.dkr.ecr.eu-west-1.amazonaws.com/cloudcms/api-server",
  ),
  /** A version tag or `sha256:` digest. Floating tags are refused: a rollback must mean something. */
  tag: z.string({ error: "must be a string: a pinned image tag" }).superRefine((tag, ctx) => {
    if (!TAG.test(tag))
      ctx.addIssue({
        code: "custom",
        input: tag,
        message:
          "must be a pinned version tag starting with its version number, such as 3.2.84-arm64 or 1.4.2, or a sha256:<64 hex digits> digest (floating tags such as latest, stable, edge or main are refused)",
      });
    else if (FLOATING_WORDS.test(tag))
      ctx.addIssue({
        code: "custom",
        input: tag,
        message:
          "must not float: a tag naming latest, stable, edge, main, nightly, ... moves to new images",
      });
  }),
  /**
   * For a private registry outside ECR: the Secrets Manager secret (`{"username","password"}`)
   * ECS pulls the image with. @default - none: ECR (through the execution role) or a public registry
   */
  repositoryCredentialsSecretArn: matching(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/,
    "a Secrets Manager secret ARN such as arn:aws:secretsmanager:eu-west-1:111122223333:secret:registry-AbCdEf",
  ).optional(),
});

const cidr = matching(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, "an IPv4 CIDR such as 203.0.113.0/24");

const taskSize = {
  /** Task CPU units (1024 = 1 vCPU); with `memory`, one of Fargate's sizes. */
  cpu: z.number({ error: "must be a number of CPU units such as 1024" }),
  /** Task memory in MiB. */
  memory: z.number({ error: "must be a number of MiB such as 4096" }),
  /** Run on Fargate Spot (up to 70 % cheaper; tasks can be reclaimed with two minutes' notice). @default false */
  spot: bool.default(false),
};

/** A service with a fixed task count. */
const fixedService = z.strictObject({
  ...taskSize,
  /** Tasks the service runs. */
  desiredCount: intBetween(0, 100, "tasks"),
});

/** A service scaled on CPU between `minCount` and `maxCount`. */
const scalingService = z.strictObject({
  ...taskSize,
  /** Fewest tasks, also the count a deploy starts with. */
  minCount: intBetween(0, 100, "tasks"),
  /** Most tasks the CPU scaling may run. */
  maxCount: intBetween(1, 100, "tasks"),
  /** Average CPU the scaling keeps the service at. @default 60 */
  targetCpuPercent: intBetween(10, 90, "percent").default(60),
});

const loadBalancer = z.strictObject({
  /** Internet-facing (in the public subnets) or internal (in the private subnets). */
  internetFacing: bool,
  /**
   * Who may reach the listeners. Required for an internet-facing load balancer without
   * compute.domain (plain HTTP), where 0.0.0.0/0 is refused unless suppressed with a reason.
   * @default ["0.0.0.0/0"] for internet-facing with a domain, the VPC for internal
   */
  allowedCidrs: z
    .array(cidr, { error: "must be a list of IPv4 CIDRs" })
    .min(1, { error: "must list at least one CIDR" })
    .optional(),
  /**
   * Seconds a connection may sit idle before the load balancer closes it. The UI server lets a
   * request run 10 minutes (cloudcms-server index.js, defaultHttpTimeoutMs), and Service Connect
   * between the services allows the same: a shorter timeout cuts long exports and uploads off.
   * @default 600
   */
  idleTimeoutSeconds: intBetween(1, 4000, "seconds").default(600),
});

/** The ECS services of Gitana: images, task sizes and counts, load balancers, domain. */
export const computeSchema = z
  .strictObject({
    /** The Gitana images are built for ARM64 (Graviton). @default "ARM64" */
    cpuArchitecture: oneOf(["ARM64", "X86_64"]).default("ARM64"),
    /** The container images, each as repository and pinned tag. */
    images: z.strictObject({
      /** cloudcms/api-server: the api and api-worker services. */
      apiServer: image,
      /** cloudcms/ui-server. */
      uiServer: image,
      /** cloudcms/antivirus-server. */
      antivirusServer: image,
      /** A ClamAV daemon (clamd on 3310) built for cpuArchitecture, e.g. clamav/clamav-debian (multi-arch). */
      clamav: image,
      /** The AWS CLI that syncs the config bucket into /gitana, e.g. public.ecr.aws/aws-cli/aws-cli. */
      awsCli: image,
    }),
    /** The API servers' cluster (Hazelcast). */
    apiCluster: z.strictObject({
      /**
       * cluster.cp.membercount: live API members Hazelcast's CP subsystem (strong consistency)
       * needs. 0 turns it off and leaves the property out, for an env with one API member.
       */
      memberCount: intBetween(0, 7, "members").refine((n) => n === 0 || n >= 3, {
        error: (issue) =>
          `must be 0 (CP subsystem off, for a single API member) or 3 to 7: Hazelcast's CP subsystem refuses ${String(issue.input)} members`,
      }),
      /** Refuse configs that let a rollout or scale-in drop the api tier below memberCount, or run it on Spot. */
      enforceQuorum: bool,
      /** Tag that marks the members for discovery (cluster.aws.tag.key/value). @default gitana-cluster = <prefix>-<env> */
      tagKey: matching(/^[A-Za-z0-9_.:/=+@-]{1,128}$/, "a tag key of up to 128 characters").default(
        "gitana-cluster",
      ),
      /** Value of the discovery tag. @default - `<namePrefix>-<env>` */
      tagValue: matching(
        /^[A-Za-z0-9_.:/=+@-]{1,256}$/,
        "a tag value of up to 256 characters",
      ).optional(),
    }),
    /** Size and task count of each ECS service. */
    services: z.strictObject({
      api: scalingService,
      apiWorker: scalingService,
      ui: scalingService,
      av: fixedService,
      clamav: fixedService,
    }),
    /** The load balancers in front of the api and ui services. */
    loadBalancers: z
      .strictObject({
        /** The api service's load balancer. @default internet-facing */
        api: loadBalancer.prefault({ internetFacing: true }),
        /** The ui service's load balancer. @default internet-facing */
        ui: loadBalancer.prefault({ internetFacing: true }),
      })
      .prefault({}),
    /**
     * Where clamav's freshclam may fetch virus signatures over HTTPS, in envs with interface
     * endpoints (elsewhere its egress is 443 anywhere anyway). ClamAV's own mirror,
     * database.clamav.net, sits behind a CDN with no fixed addresses, hence the default; list your
     * private mirror's CIDR (or your egress proxy's) to keep clamav, which parses untrusted
     * uploads, off the internet. @default ["0.0.0.0/0"]
     */
    clamavSignatureMirrorCidrs: z
      .array(cidr, { error: "must be a list of IPv4 CIDRs" })
      .default(["0.0.0.0/0"]),
    /** An AWS WAF web ACL of AWS managed rule groups on the internet-facing load balancers. @default false */
    webAcl: bool.default(false),
    /** Public DNS and TLS. Without it, the load balancers listen on plain HTTP only. @default - none */
    domain: z
      .strictObject({
        /** e.g. `cms.example.com`: gives api.cms.example.com, ui.cms.example.com, av.cms.example.com. */
        name: matching(
          /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
          "a lowercase DNS name such as cms.example.com",
        ),
        /** The Route 53 public hosted zone of `name` (or a parent); looked up by id, never by name. */
        hostedZoneId: matching(
          /^Z[A-Z0-9]{1,31}$/,
          "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
        ),
      })
      .optional(),
  })
  .superRefine((compute, ctx) => {
    for (const [name, service] of Object.entries(compute.services)) {
      // An unknown cpu is the cpu's fault; a memory that does not go with a good cpu, memory's.
      if (!(service.cpu in FARGATE_SIZES)) {
        ctx.addIssue({
          code: "custom",
          path: ["services", name, "cpu"],
          input: service.cpu,
          message: `is not a Fargate task size; use one of ${Object.keys(FARGATE_SIZES).join(", ")}`,
        });
      }
      const problem =
        service.cpu in FARGATE_SIZES && fargateSizeProblem(service.cpu, service.memory);
      if (problem)
        ctx.addIssue({
          code: "custom",
          path: ["services", name, "memory"],
          input: service.memory,
          message: problem,
        });
      const range =
        "minCount" in service && scalingRangeProblem(service.minCount, service.maxCount);
      if (range)
        ctx.addIssue({
          code: "custom",
          path: ["services", name, "minCount"],
          input: service.minCount,
          message: range,
        });
    }
    if (compute.cpuArchitecture === "ARM64") {
      for (const [name, service] of Object.entries(compute.services)) {
        if (!service.spot) continue;
        ctx.addIssue({
          code: "custom",
          path: ["services", name, "spot"],
          input: service.spot,
          message:
            "must be false: Fargate Spot runs only X86_64 tasks, and cpuArchitecture is ARM64 (as the Gitana images)",
        });
      }
    }
    for (const [name, image] of Object.entries(compute.images)) {
      const known = SINGLE_ARCHITECTURE_IMAGES[dockerHubName(image.repository)];
      if (!known || known.architecture === compute.cpuArchitecture) continue;
      ctx.addIssue({
        code: "custom",
        path: ["images", name, "repository"],
        input: image.repository,
        message: `is built for ${known.architecture} only (${known.source}) and cpuArchitecture is ${compute.cpuArchitecture}: use ${known.instead}, which is multi-arch`,
      });
    }
    const { api } = compute.services;
    if (compute.apiCluster.enforceQuorum) {
      if (api.minCount < compute.apiCluster.memberCount) {
        ctx.addIssue({
          code: "custom",
          path: ["services", "api", "minCount"],
          input: api.minCount,
          message: `must be at least apiCluster.memberCount (${compute.apiCluster.memberCount}): this env enforces the cluster quorum`,
        });
      }
      if (api.spot) {
        ctx.addIssue({
          code: "custom",
          path: ["services", "api", "spot"],
          input: api.spot,
          message:
            "must be false: this env enforces the cluster quorum, and Spot reclaims tasks at any time",
        });
      }
    }
  });

export type ComputeConfig = z.output<typeof computeSchema>;

/** The policy control a plain-HTTP load balancer open to 0.0.0.0/0 fails. */
export const PUBLIC_PLAIN_HTTP_CONTROL = "Gitana.NoPublicPlainHttp";

/**
 * Without a domain the load balancers have no certificate and serve plain HTTP, tokens and
 * cookies included: an internet-facing one must list who may reach it, and may list 0.0.0.0/0
 * only when the env suppresses the control with its reason.
 */
export function checkPlainHttpExposure(
  compute: ComputeConfig,
  suppressions: readonly { readonly control: string }[],
  ctx: z.RefinementCtx,
): void {
  if (compute.domain) return;
  const accepted = suppressions.some((s) => s.control === PUBLIC_PLAIN_HTTP_CONTROL);
  for (const [name, lb] of Object.entries(compute.loadBalancers)) {
    if (!lb.internetFacing) continue;
    const path = ["compute", "loadBalancers", name, "allowedCidrs"];
    if (!lb.allowedCidrs) {
      ctx.addIssue({
        code: "custom",
        path,
        input: undefined,
        message:
          'must list the networks that may reach this load balancer (office, VPN), e.g. ["203.0.113.0/24"]: without compute.domain it has no certificate and serves plain HTTP',
      });
      continue;
    }
    const open = lb.allowedCidrs.findIndex((cidr) => cidr.endsWith("/0"));
    if (open >= 0 && !accepted) {
      ctx.addIssue({
        code: "custom",
        path: [...path, open],
        input: lb.allowedCidrs[open],
        message: `would serve plain HTTP to the whole internet (no compute.domain, so no TLS); list narrower networks, set compute.domain, or add a suppression { control: "${PUBLIC_PLAIN_HTTP_CONTROL}", reason } saying why`,
      });
    }
  }
}
