/**
 * The engine's policy sequence for one deployment: Handshake, ConfigureStack, GetAnalyzerInfo,
 * Configure, then Remediate and Analyze per resource on its inputs (registration order), then
 * one AnalyzeStack on the outputs with parent and dependency edges, the Stack and providers included.
 */
import {
  AnalyzerInfo,
  AnalyzerResourceView,
  Diagnostic,
  PolicyPackProcess,
  PolicyInfo,
  StackContext,
} from "./analyzer-client";
import { PolicyConfigFile, reconcilePolicyConfig } from "./policy-config";
import { EngineResource, providerUrnOf } from "./resources";

/** The categories a policy carries as a `category:<name>` tag. */
export const CATEGORIES = ["at-rest", "in-transit", "key-management", "backup", "audit", "exemption"] as const;

export interface Violation {
  policyPackName: string;
  policyPackVersion: string;
  policyName: string;
  category: string;
  enforcementLevel: "mandatory" | "advisory" | "remediate";
  severity: string;
  resourceUrn: string;
  message: string;
  hipaa: string[];
  /** which analyzer call reported it */
  phase: "analyze" | "analyzeStack" | "remediate";
}

export interface PolicyRun {
  pack: { name: string; version: string };
  policies: PolicyInfo[];
  violations: Violation[];
  timings: { packStartMs: number; analyzeMs: number; analyzeStackMs: number };
}

/** Analyze requests run concurrently across resources, as the engine steps independent resources in parallel. */
const IN_FLIGHT = 8;

export function analyzerViews(resources: EngineResource[]): {
  inputs: AnalyzerResourceView[];
  outputs: AnalyzerResourceView[];
} {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const providerOf = (r: EngineResource) => {
    if (!r.provider) return undefined;
    const p = byUrn.get(providerUrnOf(r.provider));
    return p ? { urn: p.urn, type: p.type, name: p.name, properties: p.inputs } : undefined;
  };
  const view = (r: EngineResource, properties: EngineResource["inputs"]): AnalyzerResourceView => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    properties,
    options: r.options,
    parent: r.parent,
    provider: providerOf(r),
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
  });
  return {
    inputs: resources.filter((r) => !r.read).map((r) => view(r, r.inputs)),
    outputs: resources.map((r) => view(r, r.outputs)),
  };
}

function metadataOf(p: PolicyInfo | undefined): { category: string; hipaa: string[] } {
  const tags = p?.tags ?? [];
  const category = tags.find((t) => t.startsWith("category:"))?.slice("category:".length) ?? "uncategorized";
  return { category, hipaa: tags.filter((t) => t.startsWith("hipaa:")).map((t) => t.slice("hipaa:".length)) };
}

type ToViolation = (d: Diagnostic, urn: string, phase: Violation["phase"]) => Violation;

/** Remediate, then Analyze on the (remediated) inputs, per resource; results in registration order. */
export async function analyzeEach(
  pack: PolicyPackProcess,
  inputs: AnalyzerResourceView[],
  toViolation: ToViolation,
): Promise<Violation[]> {
  const perResource: Violation[][] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      let r = inputs[i];
      const found: Violation[] = [];
      for (const rem of await pack.remediate(r)) {
        if (rem.properties) {
          r = { ...r, properties: rem.properties }; // later analyzers and Analyze see the remediated inputs
          found.push({
            ...toViolation(
              {
                policyName: rem.policyName,
                policyPackName: "",
                policyPackVersion: "",
                description: rem.description,
                message: `remediated: ${rem.description}`,
                enforcementLevel: "remediate",
                urn: r.urn,
                severity: "",
              },
              r.urn,
              "remediate",
            ),
            enforcementLevel: "remediate",
          });
        } else if (rem.diagnostic) {
          found.push(
            toViolation(
              {
                policyName: rem.policyName,
                policyPackName: "",
                policyPackVersion: "",
                description: rem.description,
                message: rem.diagnostic,
                enforcementLevel: "advisory",
                urn: r.urn,
                severity: "",
              },
              r.urn,
              "remediate",
            ),
          );
        }
      }
      const resp = await pack.analyze(r);
      for (const d of resp.diagnostics) found.push(toViolation(d, r.urn, "analyze"));
      perResource[i] = found;
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, inputs.length) }, worker));
  return perResource.flat();
}

export async function evaluate(
  pack: PolicyPackProcess,
  ctx: StackContext,
  resources: EngineResource[],
  userConfig: PolicyConfigFile | undefined,
  configSource: string,
): Promise<PolicyRun> {
  await pack.handshake();
  await pack.configureStack(ctx);
  const info: AnalyzerInfo = await pack.getAnalyzerInfo();
  if (info.supportsConfig) {
    const config = reconcilePolicyConfig(info, userConfig ?? {}, configSource);
    if (Object.keys(config).length) await pack.configure(config);
  }
  const policies = new Map(info.policies.map((p) => [p.name, p]));
  const violations: Violation[] = [];
  const toViolation: ToViolation = (d, urn, phase) => ({
    policyPackName: d.policyPackName || info.name,
    policyPackVersion: d.policyPackVersion || info.version,
    policyName: d.policyName,
    ...metadataOf(policies.get(d.policyName)),
    // the engine downgrades a `remediate` level in a diagnostic to mandatory
    enforcementLevel: d.enforcementLevel === "advisory" ? "advisory" : "mandatory",
    severity: d.severity,
    resourceUrn: d.urn || urn,
    message: d.message,
    phase,
  });

  const { inputs, outputs } = analyzerViews(resources);
  const t0 = performance.now();
  violations.push(...(await analyzeEach(pack, inputs, toViolation)));
  const t1 = performance.now();
  const stackResp = await pack.analyzeStack(outputs);
  for (const d of stackResp.diagnostics) violations.push(toViolation(d, "", "analyzeStack"));
  const t2 = performance.now();
  return {
    pack: { name: info.name, version: info.version },
    policies: info.policies,
    violations,
    timings: { packStartMs: pack.spawnToPortMs, analyzeMs: t1 - t0, analyzeStackMs: t2 - t1 },
  };
}
