import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UI_SQS_HTTPS_HOOK } from "../../constructs/ecs/gitana-containers";
import { TEMPLATES_DIR } from "../../constructs/gitana-config";

/**
 * The hook the UI server preloads (NODE_OPTIONS=--require) to keep SQS polling on HTTPS, run in
 * a real Node process against a stand-in for aws-sdk v2 whose SQS.buildEndpoint does what the
 * real one does (lib/services/sqs.js: the endpoint is the QueueUrl parameter).
 */
const hook = join(TEMPLATES_DIR, UI_SQS_HTTPS_HOOK);

function endpointFor(queueUrl: string, preload: boolean): string {
  const app = mkdtempSync(join(tmpdir(), "ui-sqs-hook-"));
  mkdirSync(join(app, "node_modules", "aws-sdk"), { recursive: true });
  writeFileSync(
    join(app, "node_modules", "aws-sdk", "index.js"),
    `function SQS() {}
     SQS.prototype.buildEndpoint = function (request) {
       request.httpRequest.endpoint = request.httpRequest.params.QueueUrl;
     };
     module.exports = { SQS };`,
  );
  writeFileSync(
    join(app, "poll.js"),
    `const AWS = require("aws-sdk");
     const request = { httpRequest: { params: { QueueUrl: ${JSON.stringify(queueUrl)} } } };
     AWS.SQS.prototype.buildEndpoint(request);
     process.stdout.write(request.httpRequest.endpoint);`,
  );
  return execFileSync(process.execPath, [...(preload ? ["--require", hook] : []), "poll.js"], {
    cwd: app,
    encoding: "utf8",
  });
}

const REWRITTEN = "http://sqs.eu-west-1.amazonaws.com/111122223333/gitana-prod-ui-notifications";

describe("the UI server's SQS HTTPS hook", () => {
  test("without it, the rewritten queue URL sends SQS calls over plain HTTP", () => {
    expect(endpointFor(REWRITTEN, false)).toBe(REWRITTEN);
  });

  test("with it, the same call goes to the queue over HTTPS", () => {
    expect(endpointFor(REWRITTEN, true)).toBe(
      "https://sqs.eu-west-1.amazonaws.com/111122223333/gitana-prod-ui-notifications",
    );
  });

  test("an HTTPS queue URL passes unchanged", () => {
    const url = "https://sqs.eu-west-1.amazonaws.com/111122223333/q";
    expect(endpointFor(url, true)).toBe(url);
  });
});
