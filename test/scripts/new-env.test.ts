import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCidr, type Ipv4Cidr } from "../../facts/cidr";
import { loadEnvironments } from "../../config/environments";
import type { PlatformEnvConfig } from "../../config/schema";
import { createEnv, overlap, type NewEnvResult } from "../../scripts/lib/new-env";
import { PLATFORM_ENVS } from "../helpers/envs";

const ROOT = join(__dirname, "..", "..");

/** A copy of the parts of the project new-env reads and writes; the repository is never touched. */
function projectCopy(): string {
  const root = mkdtempSync(join(tmpdir(), "gitana-new-env-test-"));
  for (const path of [
    "envs",
    join("test", "stateful-ids.json"),
    join("assets", "pricing", "assumptions.json"),
    join(".github", "workflows"),
    ".prettierrc.json",
  ])
    cpSync(join(ROOT, path), join(root, path), { recursive: true });
  return root;
}

const read = (root: string, path: string) => readFileSync(join(root, path), "utf8");
/** The envs as written now: new-env rewrote envs/bootstrap, which an earlier load has cached. */
const platformEnv = (root: string, env: string) => {
  jest.resetModules();
  return loadEnvironments(join(root, "envs")).find((c) => c.env === env) as PlatformEnvConfig;
};

describe("npm run new-env -- qa --from staging", () => {
  let root: string;
  let result: NewEnvResult;
  beforeAll(() => {
    root = projectCopy();
    result = createEnv({
      root,
      name: "qa",
      from: "staging",
      allowedCidrs: ["198.51.100.0/24"],
      date: "2026-12-02",
    });
  });

  test("writes an env every synth accepts, beside the others", () => {
    jest.resetModules();
    expect(loadEnvironments(join(root, "envs")).map((c) => c.env)).toContain("qa");
  });

  test("gives it a VPC range of staging's size that overlaps no other env's", () => {
    const qa = platformEnv(root, "qa");
    expect(qa.network?.vpcCidr).toBe(result.vpcCidr);
    expect(result.vpcCidr).toMatch(/\/18$/);
    const others = loadEnvironments(join(root, "envs"))
      .filter((c): c is PlatformEnvConfig => c.kind === "platform" && c.env !== "qa")
      .map((c) => parseCidr(c.network?.vpcCidr ?? "") as Ipv4Cidr);
    expect(others.filter((o) => overlap(o, parseCidr(result.vpcCidr) as Ipv4Cidr))).toEqual([]);
  });

  test("tags it as itself and gives it no domain (staging's would collide in Route 53)", () => {
    const qa = platformEnv(root, "qa");
    expect(qa.tags.Environment).toBe("qa");
    expect(qa.compute.domain).toBeUndefined();
  });

  test("serves its plain HTTP only to the networks given, and gives the bootstrap env's roles its state", () => {
    const qa = platformEnv(root, "qa");
    expect(qa.compute.loadBalancers.api.allowedCidrs).toEqual(["198.51.100.0/24"]);
    expect(qa.compute.loadBalancers.ui.allowedCidrs).toEqual(["198.51.100.0/24"]);
    expect(read(root, "envs/bootstrap/index.ts")).toContain('["dev", "staging", "prod", "qa"]');
  });

  test("accepts plain HTTP (ELB.1) in the security check, since without a domain there is no certificate", () => {
    expect(platformEnv(root, "qa").suppressions.map((s) => s.control)).toContain("ELB.1");
  });

  test("records its stateful addresses, so npm test does not see them as moved", () => {
    const record = JSON.parse(read(root, "test/stateful-ids.json")) as Record<string, string[]>;
    expect(record.qa).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_docdb_cluster\./)]),
    );
    expect(record.qa.length).toBe(record.staging.length);
  });

  test("takes over staging's provider lock file and engine versions", () => {
    expect(read(root, "envs/qa/.terraform.lock.hcl")).toBe(
      read(root, "envs/staging/.terraform.lock.hcl"),
    );
    expect(JSON.parse(read(root, "envs/engine-versions.json")).qa).toEqual(
      JSON.parse(read(root, "envs/engine-versions.json")).staging,
    );
  });

  test("takes over staging's cost assumptions", () => {
    const { envs } = JSON.parse(read(root, "assets/pricing/assumptions.json"));
    expect(envs.qa).toEqual(envs.staging);
  });

  test("adds it wherever a workflow lists every env", () => {
    for (const file of ["deploy.yml", "plan.yml"]) {
      const text = read(root, join(".github", "workflows", file));
      const listsAll = text
        .split("\n")
        .filter((l) => !l.trim().startsWith("#"))
        .filter((l) => ["dev", "staging", "prod"].every((e) => l.includes(`${e}`)));
      for (const line of listsAll) expect(line).toContain("qa");
    }
    // Pull requests plan dev only (no protected credentials on unreviewed code); deploy knows qa.
    expect(read(root, ".github/workflows/deploy.yml")).toContain('"qa":"QA"');
  });

  test("says what it wrote", () => {
    expect(result.written).toEqual(
      expect.arrayContaining(["envs/qa/index.ts", "test/stateful-ids.json"]),
    );
  });
});

describe("npm run new-env with a domain", () => {
  test("sets the domain, and drops dev's ELB.1 suppression, which would be stale with TLS", () => {
    const root = projectCopy();
    createEnv({
      root,
      name: "uat",
      from: "dev",
      domain: { name: "uat.cms.example.com", hostedZoneId: "Z0EXAMPLE000000UAT1" },
    });
    const uat = platformEnv(root, "uat");
    expect(uat.compute.domain).toEqual({
      name: "uat.cms.example.com",
      hostedZoneId: "Z0EXAMPLE000000UAT1",
    });
    expect(uat.suppressions.map((s) => s.control)).not.toContain("ELB.1");
    expect(uat.tags.CostCenter).toBe("platform-uat");
  });
});

describe("npm run new-env refuses", () => {
  const refused = (options: Omit<Parameters<typeof createEnv>[0], "root">) => {
    const root = projectCopy();
    let message = "";
    try {
      createEnv({ root, ...options });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(existsSync(join(root, "envs", options.name))).toBe(options.name === "dev");
    expect(read(root, "test/stateful-ids.json")).toBe(read(ROOT, "test/stateful-ids.json"));
    return message;
  };

  test("no domain and no allowed CIDRs: plain HTTP would be open to the internet", () => {
    expect(refused({ name: "qa", from: "staging" })).toContain(
      "--allowed-cidrs is required without --domain",
    );
  });

  test("an env that exists", () => {
    expect(refused({ name: "dev", from: "staging" })).toBe("envs/dev exists already");
  });

  test("a source that is not a platform env, listing those that are", () => {
    expect(refused({ name: "qa", from: "bootstrap" })).toBe(
      `--from "bootstrap" is not a platform env; copy one of: ${PLATFORM_ENVS.join(", ")}`,
    );
  });

  test("a VPC range that overlaps another env's", () => {
    expect(
      refused({
        name: "qa",
        from: "staging",
        vpcCidr: "10.40.8.0/21",
        allowedCidrs: ["198.51.100.0/24"],
      }),
    ).toBe(
      '--vpc-cidr 10.40.8.0/21 overlaps env "dev"\'s VPC range 10.40.0.0/20; leave --vpc-cidr out to get a free range',
    );
  });

  test("a domain and hosted zone another env uses, writing nothing", () => {
    expect(
      refused({
        name: "qa",
        from: "staging",
        domain: { name: "staging.cms.example.com", hostedZoneId: "Z0EXAMPLE00STAGING01" },
      }),
    ).toBe(
      '--domain staging.cms.example.com in hosted zone Z0EXAMPLE00STAGING01 is env "staging"\'s already: both would write the same Route 53 records',
    );
  });
});
