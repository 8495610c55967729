// Keeps the UI server's SQS polling on HTTPS. Loaded before the UI server by
// NODE_OPTIONS=--require (set in the ui task definition); synced to /gitana/ui by the init container.
//
// Why: cloudcms-server's notifications/providers/sqs.js (3.2.x) rewrites the queue URL from https:
// to http: ("memory issues with https"), and aws-sdk v2's SQS client sends every call to the host
// and scheme of the QueueUrl parameter (lib/services/sqs.js, buildEndpoint), so it would poll on
// port 80 in clear text. AWS admits SQS VPC endpoints over HTTPS only, and the queue denies
// requests that are not TLS. This hook puts the scheme back before aws-sdk builds the endpoint;
// nothing else in the UI server changes. If a later UI server stops rewriting, this does nothing.
"use strict";
const Module = require("module");

const load = Module._load;
Module._load = function loadAndPatch(request) {
  const exported = load.apply(this, arguments);
  if (request === "aws-sdk" && exported && exported.SQS) patchSqs(exported.SQS.prototype);
  return exported;
};

function patchSqs(sqs) {
  if (typeof sqs.buildEndpoint !== "function" || sqs.buildEndpoint.gitanaHttps) return;
  const buildEndpoint = sqs.buildEndpoint;
  const https = function buildHttpsEndpoint(request) {
    const params = request.httpRequest && request.httpRequest.params;
    if (params && typeof params.QueueUrl === "string" && params.QueueUrl.startsWith("http://")) {
      params.QueueUrl = "https://" + params.QueueUrl.slice("http://".length);
    }
    return buildEndpoint.call(this, request);
  };
  https.gitanaHttps = true;
  sqs.buildEndpoint = https;
}
