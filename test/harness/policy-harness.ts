/**
 * Drives policies through @pulumi/policy's own Analyze/AnalyzeStack handlers: the requests are
 * the protobuf messages the engine sends, so properties go through the SDK's real
 * deserialization and unknown-checking proxy, just without a network hop.
 */
import type { Policy } from "@pulumi/policy";
import {
  analyzeRequest,
  AnalyzerResourceView,
  AnalyzerResponse,
  analyzerResource,
  toResponse,
} from "../../engine/src/analyzer-client";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { defaultOptions, engineUrn } from "../../engine/src/resources";
import { SECRET_SIG, SIG_KEY, UNKNOWN, WireObject, WireValue } from "../../engine/src/wire";

export { UNKNOWN };
export const PACK = "ephi-guard";
export const STACK_URN = "urn:pulumi:dev::clinic::pulumi:pulumi:Stack::clinic-dev";

export function secretValue(value: WireValue): WireObject {
  return { [SIG_KEY]: SECRET_SIG, value };
}

export type TestResource = AnalyzerResourceView;

/** A resource as the engine sends it; `deps` become propertyDependencies (and dependencies). */
export function resource(
  type: string,
  name: string,
  properties: WireObject,
  deps: Record<string, TestResource[]> = {},
  parent = STACK_URN,
): TestResource {
  const propertyDependencies = Object.fromEntries(Object.entries(deps).map(([k, rs]) => [k, rs.map((r) => r.urn)]));
  return {
    urn: engineUrn("dev", "clinic", parent, type, name),
    type,
    name,
    properties,
    options: defaultOptions(),
    parent,
    dependencies: [...new Set(Object.values(propertyDependencies).flat())],
    propertyDependencies,
  };
}

type Handler = (call: { request: unknown }, cb: (err: unknown, resp?: analyzerpb.AnalyzeResponse) => void) => void;
type HandlerFactory = (pack: string, version: string, level: string, policies: Policy[]) => Handler;
/** The SDK's own handlers; marked @internal, so they have no type declarations. */
type Server = { makeAnalyzeRpcFun: HandlerFactory; makeAnalyzeStackRpcFun: HandlerFactory };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const server: Server = require("@pulumi/policy/server");

function call(handler: Handler, request: unknown): Promise<AnalyzerResponse> {
  return new Promise((resolve, reject) =>
    handler({ request }, (err, resp) => (err ? reject(err) : resolve(toResponse(resp!)))),
  );
}

export function analyze(policy: Policy, r: TestResource): Promise<AnalyzerResponse> {
  const handler = server.makeAnalyzeRpcFun(PACK, "0.0.0-test", "advisory", [policy]);
  return call(handler, analyzeRequest(r));
}

export function analyzeStack(policy: Policy, resources: TestResource[]): Promise<AnalyzerResponse> {
  const handler = server.makeAnalyzeStackRpcFun(PACK, "0.0.0-test", "advisory", [policy]);
  const req = new analyzerpb.AnalyzeStackRequest();
  const stack = resource("pulumi:pulumi:Stack", "clinic-dev", {}, {}, "");
  req.setResourcesList([{ ...stack, urn: STACK_URN }, ...resources].map(analyzerResource));
  return call(handler, req);
}

/** The outcome a test asserts on: violation messages, the SDK's preview-unknown advisory, or not applicable. */
export interface Outcome {
  violations: string[];
  unknownAtPreview: boolean;
  notApplicable: boolean;
}

export function outcome(resp: AnalyzerResponse): Outcome {
  const unknown = resp.diagnostics.filter(
    (d) => d.enforcementLevel === "advisory" && d.message.includes("during preview"),
  );
  return {
    violations: resp.diagnostics.filter((d) => !unknown.includes(d)).map((d) => d.message),
    unknownAtPreview: unknown.length > 0,
    notApplicable: resp.notApplicable.length > 0,
  };
}
