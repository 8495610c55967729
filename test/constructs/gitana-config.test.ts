import { Testing, TerraformStack } from "cdktf";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API_SERVER_IMAGE_ENV, CONFIG_HASH_ENV } from "../../constructs/ecs/gitana-containers";
import { GitanaConfigFiles } from "../../constructs/gitana-config";
import { mergeProperties, renderTemplate } from "../../constructs/gitana-config/templates";
import { renderedConfigFiles } from "../../tools/harness/rendered-config";
import { devInput, prodInput } from "../helpers/configs";
import {
  containerDefinitions,
  ref,
  resourceOf,
  resourcesOf,
  synthEnv,
  type StackJson,
} from "../helpers/synth";

const prod = synthEnv("prod", prodInput());
const files = renderedConfigFiles(prod as never, "config");
const properties = files.get("api/classes/container.properties") as string;

function containerOf(
  stack: StackJson,
  service: string,
): { environment?: { name: string; value: string }[]; secrets?: { name: string }[] } {
  return containerDefinitions(stack, service).find((c) => c.name !== "init") as never;
}
function suppliedTo(stack: StackJson, service: string): string[] {
  const container = containerOf(stack, service);
  return [...(container.environment ?? []), ...(container.secrets ?? [])].map((e) => e.name);
}
function envOf(stack: StackJson, service: string, name: string): string | undefined {
  return containerOf(stack, service).environment?.find((e) => e.name === name)?.value;
}
/** key -> every value it is given in a properties text. */
function propertyValues(text: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const match = /^([^#\s][^=]*)=(.*)$/.exec(line);
    if (match) values.set(match[1], [...(values.get(match[1]) ?? []), match[2]]);
  }
  return values;
}
const terraform = (reference: string) => `[[terraform: ${reference.slice(2, -1)}]]`;

describe("rendered Gitana configuration", () => {
  test.each([
    ["api/classes/container.properties", "text/plain; charset=utf-8"],
    ["api/classes/gitana-container-context.xml", "application/xml"],
    ["api/classes/log4j2-container.xml", "application/xml"],
    ["api/setup.sh", "text/x-shellscript"],
  ])("%s is uploaded under config/, SSE-KMS with the config bucket's key", (path, contentType) => {
    const object = resourcesOf(prod, "aws_s3_object").find(
      ([, o]) => o.key === `config/${path}`,
    )?.[1];
    expect(object).toMatchObject({
      bucket: ref(prod, "aws_s3_bucket", "storage_config", "bucket"),
      content_type: contentType,
      server_side_encryption: "aws:kms",
      kms_key_id: ref(prod, "aws_kms_key", "data-key", "arn"),
    });
  });

  test.each([
    ["cluster.group.name", "gitana-prod"],
    ["cluster.group.password", "${GITANA_CLUSTER_GROUP_PASSWORD}"],
    ["cluster.port", "5800"],
    ["cluster.aws.enabled", "true"],
    ["cluster.aws.tag.key", "gitana-cluster"],
    ["cluster.aws.tag.value", "gitana-prod"],
    ["cluster.cp.membercount", "3"],
    ["gitana.jobdispatcher.enabled", "${GITANA_JOBDISPATCHER_ENABLED}"],
    [
      "mongodb.hosts",
      `${terraform(ref(prod, "aws_docdb_cluster", "documentdb", "endpoint"))}:27017`,
    ],
    ["mongodb.default.authentication.required", "true"],
    ["mongodb.default.authentication.username", "${DOCUMENTDB_USERNAME}"],
    ["mongodb.default.authentication.password", "${DOCUMENTDB_PASSWORD}"],
    ["mongodb.default.engine", "aws-document-db"],
    ["mongodb.default.ssl.enabled", "true"],
    ["mongodb.default.ssl.invalidHostNameAllowed", "false"],
    ["org.gitana.platform.services.apikeys.defaultBaseURL", "${GITANA_API_PUBLIC_URL}"],
    ["mongodb.default.retryWrites", "false"],
    ["mongodb.default.replicaSetName", "rs0"],
    ["mongodb.default.readPreference", "secondaryPreferred"],
    [
      "elasticsearch.remote.hosts",
      `${terraform(ref(prod, "aws_opensearch_domain", "opensearch", "endpoint"))}:443`,
    ],
    ["elasticsearch.remote.ssl", "true"],
    ["elasticsearch.remote.cluster.name", "gitana-prod-search"],
    ["elasticsearch.remote.serviceName", "es"],
    ["elasticsearch.remote.region", "eu-west-1"],
    ["gitana.default.application.deployer.uiserver.notifications.enabled", "true"],
    ["gitana.default.application.deployer.uiserver.notifications.providerType", "sns"],
    [
      "gitana.default.application.deployer.uiserver.notifications.topic",
      terraform(ref(prod, "aws_sns_topic", "messaging_topic", "arn")),
    ],
    [
      "gitana.default.application.deployer.uiserver.notifications.configuration.region",
      "eu-west-1",
    ],
    ["org.gitana.platform.services.binary.storage.provider", "s3gridfs"],
    [
      "gitana.defaultBinaryStorageConfiguration.bucketName",
      terraform(ref(prod, "aws_s3_bucket", "storage_binaries", "bucket")),
    ],
    ["gitana.defaultBinaryStorageConfiguration.region", "eu-west-1"],
  ])("container.properties sets %s once, to %s", (key, value) => {
    expect(propertyValues(properties).get(key)).toEqual([value]);
  });

  test("every access and secret key property is empty, so the task role is used", () => {
    const keys = [...propertyValues(properties)].filter(
      ([key]) =>
        /(accessKey|secretKey|username|password)$/.test(key) &&
        !key.startsWith("mongodb") &&
        !key.startsWith("cluster"),
    );
    expect(keys.length).toBeGreaterThanOrEqual(6);
    expect(keys.filter(([, values]) => values.join() !== "")).toEqual([]);
  });

  test("no file holds a placeholder, an unrendered marker or an AWS key", () => {
    for (const [path, content] of files) {
      expect([path, content]).not.toEqual([
        path,
        expect.stringMatching(
          /\{\{|\{accountId\}|\{region\}|\{bucketName\}|changeme|REPLACE_ME|AKIA[0-9A-Z]{16}/,
        ),
      ]);
    }
  });

  test("the XML wires IAM-signed OpenSearch, the SNS deployer and the S3 binary storage map", () => {
    const xml = files.get("api/classes/gitana-container-context.xml") as string;
    expect(xml).toContain(
      'class="org.gitana.platform.services.elasticsearch.OpenSearchHttpClientConfigCallbackFactory"',
    );
    expect(xml).not.toContain('name="accessKey"');
    expect(xml).toContain('<bean id="cloudcmsUIServerApplicationDeployer"');
    expect(xml).toContain('<util:map id="defaultBinaryStorageConfiguration">');
    // Spring references reach the container as written.
    expect(xml).toContain("<value>${elasticsearch.remote.region}</value>");
  });

  test("setup.sh imports the RDS CA bundle with retries and fails loudly", () => {
    const script = files.get("api/setup.sh") as string;
    expect(script).toContain("set -eu");
    expect(script).toContain("https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem");
    expect(script).toMatch(/until curl .*--fail/);
    expect(script).toContain("exit 1");
    expect(script).toContain("keytool -importcert");
  });
});

describe("cross-checks between the files and the task definitions", () => {
  const placeholders = [...properties.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)].map((m) => m[1]);

  test.each(["api", "api-worker"])(
    "every ${ENV} in container.properties is supplied to %s",
    (service) => {
      expect(placeholders.length).toBeGreaterThan(0);
      expect(placeholders.filter((name) => !suppliedTo(prod, service).includes(name))).toEqual([]);
    },
  );

  test.each(["api", "api-worker"])(
    "every secret injected into %s is used by a file or by the image itself",
    (service) => {
      const secrets = (containerOf(prod, service).secrets ?? []).map((s) => s.name);
      const used = new Set<string>([...placeholders, ...API_SERVER_IMAGE_ENV]);
      expect(secrets.filter((name) => !used.has(name))).toEqual([]);
    },
  );

  test("the web tier's job dispatcher is off, the worker's on", () => {
    expect(envOf(prod, "api", "GITANA_JOBDISPATCHER_ENABLED")).toBe("false");
    expect(envOf(prod, "api-worker", "GITANA_JOBDISPATCHER_ENABLED")).toBe("true");
  });

  test("the cluster-discovery tag in the properties is the one the api tasks carry", () => {
    const tag = {
      [propertyValues(properties).get("cluster.aws.tag.key")?.[0] as string]:
        propertyValues(properties).get("cluster.aws.tag.value")?.[0],
    };
    expect(resourceOf(prod, "aws_ecs_service", "compute_api_service").tags).toEqual(tag);
    expect(resourceOf(prod, "aws_ecs_service", "compute_api-worker_service").tags).toEqual(tag);
  });
});

describe("rolling the services when the configuration changes", () => {
  const apiObjects = resourcesOf(prod, "aws_s3_object")
    .filter(([, o]) => String(o.key).startsWith("config/api/"))
    .map(([name]) => name);

  test("api and api-worker carry a hash Terraform computes over every api/ file's key and content", () => {
    const hash = envOf(prod, "api", CONFIG_HASH_ENV);
    expect(apiObjects).toHaveLength(4);
    for (const name of apiObjects) {
      expect(hash).toContain(`aws_s3_object.${name}.key`);
      expect(hash).toContain(`aws_s3_object.${name}.content`);
    }
    expect(hash).toMatch(/^\$\{sha256\(jsonencode\(\[/);
    expect(envOf(prod, "api-worker", CONFIG_HASH_ENV)).toBe(hash);
  });

  test("the ui's hash covers no api/ file, so an API config change does not roll the UI", () => {
    const uiHash = envOf(prod, "ui", CONFIG_HASH_ENV) as string;
    for (const name of apiObjects) expect(uiHash).not.toContain(name);
  });

  test("an unchanged config synthesizes identical task definitions", () => {
    const again = synthEnv("prod", prodInput());
    expect(again.resource?.aws_ecs_task_definition).toEqual(prod.resource?.aws_ecs_task_definition);
    expect(again.resource?.aws_s3_object).toEqual(prod.resource?.aws_s3_object);
  });

  test("a changed property changes the content the api hash is computed over", () => {
    const config = prodInput();
    config.gitanaConfig = { extraProperties: { "gitana.admin.passwordPolicy": "strict" } };
    const changed = renderedConfigFiles(synthEnv("prod", config) as never, "config").get(
      "api/classes/container.properties",
    );
    expect(changed).not.toBe(properties);
    expect(changed).toContain("gitana.admin.passwordPolicy=strict");
  });
});

describe("user additions", () => {
  test("extra properties replace our line for a known key and are appended otherwise", () => {
    const merged = mergeProperties(
      "a=1\n# c\nb=2\n",
      { b: "3", c: "${MY_VAR}" },
      "Overrides from envs/dev",
    );
    expect(merged).toBe("a=1\n# c\nb=3\n\n# --- Overrides from envs/dev ---\nc=$${MY_VAR}\n");
  });

  test("extra files are uploaded beside ours and counted in their consumer's hash", () => {
    const dir = mkdtempSync(join(tmpdir(), "gitana-extra-"));
    writeFileSync(join(dir, "custom.json"), '{"theme": "${THEME}"}');
    const config = devInput();
    config.gitanaConfig = { extraFiles: { "ui/custom.json": join(dir, "custom.json") } };
    const stack = synthEnv("dev", config);
    const object = resourcesOf(stack, "aws_s3_object").find(
      ([, o]) => o.key === "config/ui/custom.json",
    );
    expect(object?.[1].content).toBe('{"theme": "$${THEME}"}');
    expect(envOf(stack, "ui", CONFIG_HASH_ENV)).toContain(`aws_s3_object.${object?.[0]}.content`);
  });

  test("an extra file outside api/ or ui/ is refused at synth", () => {
    const config = devInput();
    config.gitanaConfig = { extraFiles: { "etc/passwd": "package.json" } };
    expect(() => synthEnv("dev", config)).toThrow(
      'gitanaConfig.extraFiles.etc/passwd: "etc/passwd" paths must start with api/ or ui/',
    );
  });

  test("a missing extra file is refused at synth", () => {
    const config = devInput();
    config.gitanaConfig = { extraFiles: { "ui/missing.json": "no/such/file.json" } };
    expect(() => synthEnv("dev", config)).toThrow(
      'gitanaConfig.extraFiles.ui/missing.json: "no/such/file.json" is not a file',
    );
  });

  test("a template marker without a value is an error naming the file", () => {
    expect(() => renderTemplate("api/x.properties", "a={{ nope }}", { env: "dev" })).toThrow(
      "assets/gitana/api/x.properties: no value for {{ nope }}; known: env",
    );
  });

  test("a value no template uses is an error, so a renamed marker cannot silently drop a setting", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const dir = mkdtempSync(join(tmpdir(), "gitana-templates-"));
    writeFileSync(join(dir, "only-env.properties"), "env={{ env }}\n");
    expect(
      () =>
        new GitanaConfigFiles(stack, "config", {
          bucketName: "b",
          prefix: "config",
          kmsKeyArn: "k",
          templatesDir: dir,
          values: {
            env: "dev",
            region: "eu-west-1",
            documentDbHost: "h",
            documentDbPort: "27017",
            openSearchHost: "o",
            openSearchDomainName: "d",
            notificationTopicArn: "t",
            binaryBucketName: "b",
            clusterGroupName: "g",
            clusterTagKey: "k",
            clusterTagValue: "v",
          },
        }),
    ).toThrow("test/config: no template uses the values region, documentDbHost");
  });
});
