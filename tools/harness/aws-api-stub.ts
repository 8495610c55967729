import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The AWS calls an offline plan cannot avoid, answered locally. The AWS provider asks Step
 * Functions to validate a state machine definition during plan once the definition is fully
 * known (e.g. with your own ECS cluster). Offline there is no AWS to ask, so this answers "OK";
 * online, the real validation runs. STS GetCallerIdentity is answered too (below). Any other call is answered with an error that names it, so
 * a new plan-time call fails loudly instead of silently passing.
 */
const ANSWERS: Readonly<Record<string, object>> = {
  "AWSStepFunctions.ValidateStateMachineDefinition": { result: "OK", diagnostics: [] },
};

export interface AwsApiStub {
  /** Base URL to set as the provider's endpoint for the stubbed services. */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the stub on a free loopback port; it never keeps the process alive by itself. */
export function startAwsApiStub(): Promise<AwsApiStub> {
  const server = createServer((request, response) => answer(request, response));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.unref();
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** The account the stub's STS answers as (the AWS documentation's example account). */
export const STUB_ACCOUNT_ID = "111122223333";

/**
 * STS GetCallerIdentity (query protocol, XML), which `data "aws_caller_identity"` calls at every
 * plan: module mode reads the caller's account from it.
 */
const CALLER_IDENTITY_XML =
  `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">` +
  `<GetCallerIdentityResult><Arn>arn:aws:iam::${STUB_ACCOUNT_ID}:user/offline-plan</Arn>` +
  `<UserId>AIDAOFFLINEPLAN</UserId><Account>${STUB_ACCOUNT_ID}</Account></GetCallerIdentityResult>` +
  `<ResponseMetadata><RequestId>offline-plan</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

function answer(request: IncomingMessage, response: ServerResponse): void {
  let form = "";
  request.on("data", (chunk: Buffer) => (form += chunk.toString()));
  request.on("end", () => {
    if (new URLSearchParams(form).get("Action") === "GetCallerIdentity") {
      response.writeHead(200, { "content-type": "text/xml" });
      response.end(CALLER_IDENTITY_XML);
      return;
    }
    const target = String(request.headers["x-amz-target"] ?? "");
    const known = ANSWERS[target];
    const body = known ?? {
      __type: "OfflineStub#UnsupportedOperation",
      message: `the offline plan has no answer for ${target || `${request.method} ${request.url}`}`,
    };
    response.writeHead(known ? 200 : 400, { "content-type": "application/x-amz-json-1.0" });
    response.end(JSON.stringify(body));
  });
}
