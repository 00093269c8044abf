/**
 * Generates docs/policies.md from the pack itself, so the documented policies cannot drift from
 * the served ones: `npm run docs` writes it, test/unit/policy-docs.test.ts fails when it is stale.
 */
import * as fs from "fs";
import * as path from "path";
import type { Policy } from "@pulumi/policy";
import { HIPAA_TITLES, HipaaCitation } from "../policies/src/catalog/hipaa";
import { policies } from "../policies/src/policies";

export const DOC_FILE = path.join(__dirname, "..", "docs", "policies.md");

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const tagValues = (p: Policy, prefix: string) =>
  (p.tags ?? []).filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));

export function policyDocs(): string {
  const lines = [
    "# ephi-guard policies",
    "",
    "Generated from the pack by `npm run docs`; do not edit by hand. The policy name is the stable rule id",
    "used in policy configs and exemptions.",
    "",
    "| policy | category | level | severity | HIPAA (45 CFR) | what it requires |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const p of [...policies].sort(
    (a, b) => tagValues(a, "category:")[0].localeCompare(tagValues(b, "category:")[0]) || a.name.localeCompare(b.name),
  )) {
    lines.push(
      `| \`${p.name}\` | ${tagValues(p, "category:").join(", ")} | ${p.enforcementLevel ?? "advisory"} | ${p.severity ?? ""} | ${tagValues(p, "hipaa:").join(", ")} | ${cell(p.description)} |`,
    );
  }
  lines.push("", "## Citations", "");
  for (const [citation, title] of Object.entries(HIPAA_TITLES)) {
    const n = policies.filter((p) => tagValues(p, "hipaa:").includes(citation as HipaaCitation)).length;
    lines.push(`- **${citation}** ${title}: ${n} ${n === 1 ? "policy" : "policies"}`);
  }
  return lines.join("\n") + "\n";
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(DOC_FILE), { recursive: true });
  fs.writeFileSync(DOC_FILE, policyDocs());
  process.stdout.write(`wrote ${path.relative(process.cwd(), DOC_FILE)} (${policies.length} policies)\n`);
}
