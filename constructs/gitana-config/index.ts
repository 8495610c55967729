import { createHash } from "node:crypto";
import { Construct } from "constructs";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { Fn } from "cdktf";
import {
  escapeForTerraform,
  loadTemplates,
  markersOf,
  mergeProperties,
  renderTemplate,
} from "./templates";

export { TEMPLATES_DIR } from "./templates";

/** The file the env's extra properties are merged into. */
export const PROPERTIES_FILE = "api/classes/container.properties";

/** Who reads the files under a top-level folder of the config prefix. */
export type ConfigConsumer = "api" | "ui";

/** The values the templates are rendered with: references to the real resources. */
export interface GitanaConfigValues {
  readonly env: string;
  readonly region: string;
  readonly documentDbHost: string;
  readonly documentDbPort: string;
  readonly openSearchHost: string;
  readonly openSearchDomainName: string;
  readonly notificationTopicArn: string;
  readonly binaryBucketName: string;
  readonly clusterGroupName: string;
  readonly clusterTagKey: string;
  readonly clusterTagValue: string;
}

export interface GitanaConfigFilesProps {
  readonly bucketName: string;
  /** Key prefix the init containers sync into /gitana, e.g. `config`. */
  readonly prefix: string;
  /** KMS key the objects are encrypted with (the bucket's key). */
  readonly kmsKeyArn: string;
  readonly values: GitanaConfigValues;
  /**
   * Properties that exist only for some settings of the env (e.g. cluster.cp.membercount),
   * appended to container.properties before `extraProperties`. @default - none
   */
  readonly derivedProperties?: Readonly<Record<string, string>>;
  /** Properties merged over ours in container.properties (a key we set is replaced). @default - none */
  readonly extraProperties?: Readonly<Record<string, string>>;
  /** Further files by path under the prefix (`api/...` or `ui/...`), as their text. @default - none */
  readonly extraFiles?: Readonly<Record<string, string>>;
  /** Template folder. @default assets/gitana */
  readonly templatesDir?: string;
}

/** One file as uploaded: its path under the prefix and its content (with Terraform references). */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  properties: "text/plain; charset=utf-8",
  xml: "application/xml",
  sh: "text/x-shellscript",
  js: "text/javascript; charset=utf-8",
};

/**
 * Renders Gitana's config files from the live resources and uploads each as an S3 object under
 * the config prefix, SSE-KMS with the bucket's key. `contentHash(consumer)` changes exactly when a
 * file that consumer reads changes: set into a task definition, it makes `cdktf deploy` roll the
 * services on a config change, and leaves them alone otherwise.
 */
export class GitanaConfigFiles extends Construct {
  readonly files: readonly RenderedFile[];
  private readonly objects = new Map<ConfigConsumer, S3Object[]>();

  constructor(scope: Construct, id: string, props: GitanaConfigFilesProps) {
    super(scope, id);
    const values = props.values as unknown as Record<string, string>;
    const templates = loadTemplates(props.templatesDir);
    const used = new Set([...templates.values()].flatMap(markersOf));
    const unused = Object.keys(values).filter((name) => !used.has(name));
    if (unused.length > 0)
      throw new Error(`${this.node.path}: no template uses the values ${unused.join(", ")}`);

    const rendered = new Map(
      [...templates].map(([path, template]) => [path, renderTemplate(path, template, values)]),
    );
    const env = props.values.env;
    for (const [overrides, header] of [
      [props.derivedProperties, `Derived from the settings of envs/${env}`],
      [props.extraProperties, `Overrides from envs/${env}`],
    ] as const) {
      if (!overrides || Object.keys(overrides).length === 0) continue;
      const properties = rendered.get(PROPERTIES_FILE);
      if (properties === undefined)
        throw new Error(`${this.node.path}: ${PROPERTIES_FILE} is missing from the templates`);
      rendered.set(PROPERTIES_FILE, mergeProperties(properties, overrides, header));
    }
    for (const [path, content] of Object.entries(props.extraFiles ?? {})) {
      if (rendered.has(path))
        throw new Error(
          `${this.node.path}: extra file ${path} would replace a rendered file; use extraProperties`,
        );
      rendered.set(path, escapeForTerraform(content));
    }
    this.files = [...rendered].map(([path, content]) => ({ path, content }));

    for (const file of this.files) {
      const consumer = consumerOf(file.path);
      const object = new S3Object(this, `file-${stableId(file.path)}`, {
        bucket: props.bucketName,
        key: `${props.prefix}/${file.path}`,
        content: file.content,
        contentType: CONTENT_TYPES[file.path.split(".").pop() ?? ""] ?? "text/plain; charset=utf-8",
        serverSideEncryption: "aws:kms",
        kmsKeyId: props.kmsKeyArn,
      });
      this.objects.set(consumer, [...(this.objects.get(consumer) ?? []), object]);
    }
  }

  /**
   * SHA-256 over the path and content of every file `consumer` reads, computed by Terraform from
   * the objects' final content, so a changed endpoint counts as a change too.
   */
  contentHash(consumer: ConfigConsumer): string {
    const objects = this.objects.get(consumer) ?? [];
    // jsonencode, not join: the expression then holds no quotes, which would break the JSON of
    // the container definitions it is embedded in.
    return Fn.sha256(Fn.jsonencode(objects.flatMap((o) => [o.key, o.content])));
  }
}

/** `api/...` is read by the api and api-worker services, `ui/...` by the ui service. */
export function consumerOf(path: string): ConfigConsumer {
  const top = path.split("/")[0];
  if (top === "api" || top === "ui") return top;
  throw new Error(`config file ${path} must live under api/ or ui/ (the service that reads it)`);
}

/** A construct id for a file path that stays the same as long as the path does. */
function stableId(path: string): string {
  return `${path.replace(/[^A-Za-z0-9]+/g, "-")}-${createHash("sha256").update(path).digest("hex").slice(0, 8)}`;
}
