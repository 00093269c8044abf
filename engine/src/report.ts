/** The two outputs of a run: the stable JSON document (`--json`) and the human summary. */
import type { PolicyRun, Violation } from "./evaluate";
import type { EngineResource } from "./resources";

export const JSON_DOCUMENT_VERSION = 1;

export interface RunDocument {
  version: typeof JSON_DOCUMENT_VERSION;
  tool: { name: "ephi-guard"; version: string };
  mode: "preview" | "update" | "scan";
  project: string;
  stack: string;
  policyPack: {
    name: string;
    version: string;
    policies: { name: string; category: string; hipaa: string[]; enforcementLevel: string; description: string }[];
  };
  resources: {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent: string;
    provider: string;
    id: string;
  }[];
  violations: Violation[];
  summary: {
    resources: number;
    byType: Record<string, number>;
    mandatory: number;
    advisory: number;
    remediated: number;
    passed: boolean;
    exitCode: 0 | 1;
  };
  timings: { programMs?: number; packStartMs: number; analyzeMs: number; analyzeStackMs: number; totalMs: number };
}

export function buildDocument(a: {
  toolVersion: string;
  mode: RunDocument["mode"];
  project: string;
  stack: string;
  resources: EngineResource[];
  run: PolicyRun;
  programMs?: number;
  totalMs: number;
}): RunDocument {
  const byType: Record<string, number> = {};
  for (const r of a.resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
  const count = (level: Violation["enforcementLevel"]) =>
    a.run.violations.filter((v) => v.enforcementLevel === level).length;
  const mandatory = count("mandatory");
  const tagValues = (tags: string[], prefix: string) =>
    tags.filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
  return {
    version: JSON_DOCUMENT_VERSION,
    tool: { name: "ephi-guard", version: a.toolVersion },
    mode: a.mode,
    project: a.project,
    stack: a.stack,
    policyPack: {
      name: a.run.pack.name,
      version: a.run.pack.version,
      policies: a.run.policies.map((p) => ({
        name: p.name,
        category: tagValues(p.tags, "category:")[0] ?? "uncategorized",
        hipaa: tagValues(p.tags, "hipaa:"),
        enforcementLevel: p.enforcementLevel,
        description: p.description,
      })),
    },
    resources: a.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      custom: r.custom,
      parent: r.parent,
      provider: r.provider,
      id: r.id,
    })),
    violations: a.run.violations,
    summary: {
      resources: a.resources.length,
      byType: Object.fromEntries(Object.entries(byType).sort(([x], [y]) => x.localeCompare(y))),
      mandatory,
      advisory: count("advisory"),
      remediated: count("remediate"),
      passed: mandatory === 0,
      exitCode: mandatory === 0 ? 0 : 1,
    },
    timings: {
      programMs: a.programMs,
      packStartMs: a.run.timings.packStartMs,
      analyzeMs: a.run.timings.analyzeMs,
      analyzeStackMs: a.run.timings.analyzeStackMs,
      totalMs: a.totalMs,
    },
  };
}

const HEADINGS: Record<Violation["enforcementLevel"], string> = {
  mandatory: "Mandatory violations (block `pulumi up`)",
  advisory: "Advisory",
  remediate: "Remediated",
};

/** A preview-like summary, then the policy results grouped by enforcement level. */
export function formatHuman(doc: RunDocument): string {
  const lines: string[] = [];
  const what =
    doc.mode === "scan"
      ? "Scanned"
      : doc.mode === "preview"
        ? "Previewed offline (preview semantics: ids and computed outputs unknown)"
        : "Previewed offline (update semantics: mock outputs known)";
  lines.push(`${what}: ${doc.project}/${doc.stack}`, "");
  const verb = doc.mode === "scan" ? "in the deployment" : "to create";
  lines.push(`Resources: ${doc.summary.resources} ${verb}`);
  const width = Math.max(...Object.values(doc.summary.byType).map((n) => String(n).length), 1);
  for (const [type, n] of Object.entries(doc.summary.byType)) lines.push(`  ${String(n).padStart(width)}  ${type}`);
  lines.push(
    "",
    `Policy pack ${doc.policyPack.name}@v${doc.policyPack.version}: ${doc.policyPack.policies.length} policies`,
  );
  for (const level of ["mandatory", "advisory", "remediate"] as const) {
    const vs = doc.violations.filter((v) => v.enforcementLevel === level);
    if (vs.length === 0 && level !== "mandatory") continue;
    lines.push("", `${HEADINGS[level]}: ${vs.length}`);
    for (const v of vs) {
      const cite = v.hipaa.length ? `HIPAA ${v.hipaa.map((h) => `45 CFR ${h}`).join(", ")}` : "no HIPAA citation";
      lines.push(`  - ${v.policyName} [${v.category}; ${cite}]`);
      lines.push(`    resource: ${v.resourceUrn || "(stack)"}`);
      for (const m of v.message.split("\n").filter(Boolean)) lines.push(`    ${m}`);
    }
  }
  lines.push(
    "",
    doc.summary.passed
      ? `Passed: no mandatory violations (${doc.summary.advisory} advisory).`
      : `FAILED: ${doc.summary.mandatory} mandatory violation${doc.summary.mandatory === 1 ? "" : "s"} (${doc.summary.advisory} advisory).`,
  );
  return lines.join("\n") + "\n";
}
