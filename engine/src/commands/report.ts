/**
 * Evidence files for one stack: evidence.json (docs/evidence.schema.json), evidence.md (pull-request comment and job
 * summary) and evidence.html (one self-contained page), plus SHA256SUMS over the three.
 */
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { errorMessage, UserError } from "../errors";
import type { Evidence, Status } from "./evidence";

export const EVIDENCE_FILES = ["evidence.json", "evidence.md", "evidence.html"] as const;
export const SUMS_FILE = "SHA256SUMS";
/** Rows per Markdown table; GitHub caps a job summary at 1 MiB, this keeps it to tens of KiB. */
export const MD_ROW_LIMIT = 50;
const MD_MESSAGE_LIMIT = 240;

export function gitCommit(dir: string): string {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "unknown";
  }
}

/** The report's clock: SOURCE_DATE_EPOCH (seconds) when set, for reproducible evidence; otherwise now. */
export function reportTime(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === "") return new Date();
  if (!/^\d+$/.test(epoch))
    throw new UserError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not ${JSON.stringify(epoch)}`);
  return new Date(Number(epoch) * 1000);
}

export const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

const MARK: Record<Status | "exempt", string> = { pass: "PASS", fail: "FAIL", warn: "WARN", exempt: "EXEMPT" };
const cite = (c: string) => `45 CFR §${c}`;
const short = (urn: string) => urn.split("::").pop() ?? urn;

// ---------- Markdown ----------

const mdCell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function mdTable(headers: string[], rows: string[][], what: string): string[] {
  const shown = rows.slice(0, MD_ROW_LIMIT);
  const out = [`| ${headers.join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`];
  for (const r of shown) out.push(`| ${r.map(mdCell).join(" | ")} |`);
  if (rows.length === 0) return [`_No ${what}._`];
  if (rows.length > shown.length)
    out.push("", `_${rows.length - shown.length} more ${what} not shown; see evidence.html or evidence.json._`);
  return out;
}

export function renderMarkdown(e: Evidence, jsonDigest: string): string {
  const s = e.summary;
  const lines = [
    `## ephi-guard evidence: ${e.project}/${e.stack} ${s.passed ? "PASSED" : "FAILED"}`,
    "",
    `${s.mandatory} mandatory and ${s.advisory} advisory violations; ${s.ephiResources} ePHI resources, ${s.keys} KMS keys, ` +
      `${s.endpoints} TLS endpoints, ${s.exemptions} exemptions (${s.exemptionsDueSoon} due for review within 30 days or overdue).`,
    "",
    `Pack \`${e.policyPack.name}@${e.policyPack.version}\` · commit \`${e.gitCommit}\` · ${e.generatedAt} · ${e.mode} · ` +
      `evidence.json SHA-256 \`${jsonDigest}\``,
    "",
    "### By HIPAA citation",
    ...mdTable(
      ["Citation", "Result", "Mandatory", "Advisory", "Policies"],
      e.hipaaMatrix.map((h) => [
        cite(h.citation),
        MARK[h.status],
        String(h.mandatory),
        String(h.advisory),
        h.policies.join(", "),
      ]),
      "citations",
    ),
    "",
    "### By policy",
    ...mdTable(
      ["Policy", "Category", "Level", "Result", "Mandatory", "Advisory"],
      e.policyMatrix.map((p) => [
        `\`${p.name}\``,
        p.category,
        p.enforcementLevel,
        MARK[p.status],
        String(p.mandatory),
        String(p.advisory),
      ]),
      "policies",
    ),
    "",
    "### ePHI resources",
    ...mdTable(
      ["Resource", "Service", "Encryption", "Key", "TLS", "Policy result"],
      e.inventory.map((i) => [
        short(i.urn),
        i.service,
        i.algorithm ? `${i.encryption} (${i.algorithm})` : i.encryption,
        `${i.key.kind}: ${i.key.urn ? short(i.key.urn) : i.key.ref}`,
        i.tls,
        MARK[i.status],
      ]),
      "ePHI resources",
    ),
    "",
    "### TLS baseline",
    ...mdTable(
      ["Endpoint", "Service", "Protocol", "Port", "TLS policy", "Result"],
      e.tlsBaseline.map((t) => [short(t.urn), t.service, t.protocol, t.port, t.tlsPolicy, MARK[t.status]]),
      "listeners or endpoints",
    ),
    "",
    "### Exemptions",
    ...mdTable(
      ["Exemption", "Exempted from", "Resource", "Review by", "Due"],
      e.exemptions.map((x) => [
        x.id ?? "-",
        x.exemptedPolicy ? `\`${x.exemptedPolicy}\`` : "-",
        short(x.resourceUrn) || "(stack)",
        x.reviewDate ?? "no date",
        dueText(x),
      ]),
      "exemptions in force",
    ),
    "",
    "### Violations",
    ...mdTable(
      ["Policy", "Level", "Resource", "Message"],
      e.violations.map((v) => [
        `\`${v.policyName}\``,
        v.enforcementLevel,
        short(v.resourceUrn) || "(stack)",
        clip(v.message, MD_MESSAGE_LIMIT),
      ]),
      "violations",
    ),
    "",
  ];
  return lines.join("\n");
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function dueText(x: Evidence["exemptions"][number]): string {
  if (x.daysUntilReview === null) return "review date missing";
  if (x.overdue) return `OVERDUE by ${-x.daysUntilReview} days`;
  return x.dueSoon ? `DUE in ${x.daysUntilReview} days` : `in ${x.daysUntilReview} days`;
}

// ---------- HTML ----------

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function htmlTable(id: string, headers: string[], rows: { cells: string[]; cls?: string }[], empty: string): string {
  if (rows.length === 0) return `<p class="empty" id="${id}">${esc(empty)}</p>`;
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join("");
  const body = rows
    .map((r) => `<tr${r.cls ? ` class="${r.cls}"` : ""}>${r.cells.map((c) => `<td>${c}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table id="${id}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const badge = (s: Status | "exempt") => `<span class="badge ${s}">${MARK[s]}</span>`;

const ROW = 34;
const COLUMNS = [16, 196, 376, 716];
const BOX = [160, 160, 320, 300];
const WIDTH = COLUMNS[3] + BOX[3] + 16;

/** Tenant → environment → purpose key → resources, one row per leaf, as inline SVG. */
export function keyHierarchySvg(e: Evidence): string {
  const parts: string[] = [];
  let row = 0;
  const node = (col: number, y: number, label: string, full: string, cls: string) => {
    const width = BOX[col];
    const max = Math.floor(width / 7.2);
    parts.push(
      `<g class="node ${cls}"><title>${esc(full)}</title><rect x="${COLUMNS[col]}" y="${y - 12}" width="${width}" height="24" rx="5"/>` +
        `<text x="${COLUMNS[col] + 8}" y="${y + 4}">${esc(clip(label, max))}</text></g>`,
    );
  };
  const edge = (fromCol: number, y1: number, y2: number) => {
    const x1 = COLUMNS[fromCol] + BOX[fromCol];
    const x2 = COLUMNS[fromCol + 1];
    parts.push(`<path class="edge" d="M${x1} ${y1} C${x1 + 10} ${y1}, ${x2 - 10} ${y2}, ${x2} ${y2}"/>`);
  };
  const yOf = (r: number) => 40 + r * ROW;
  for (const t of e.keyHierarchy) {
    const tStart = row;
    const envYs: number[] = [];
    for (const env of t.environments) {
      const eStart = row;
      const keyYs: number[] = [];
      for (const k of env.keys) {
        const kStart = row;
        const leaves = k.resources.length ? k.resources : [""];
        const leafYs = leaves.map((urn) => {
          const y = yOf(row++);
          if (urn) node(3, y, short(urn), urn, "resource");
          else node(3, y, "(no resources use this key)", "no resources use this key", "resource unused");
          return y;
        });
        const ky = (yOf(kStart) + yOf(row - 1)) / 2;
        node(2, ky, k.alias ? `${k.alias} · ${k.name}` : k.name, `${k.urn || k.name} (rotation: ${k.rotation})`, "key");
        for (const ly of leafYs) edge(2, ky, ly);
        keyYs.push(ky);
      }
      if (env.keys.length === 0) row++;
      const ey = (yOf(eStart) + yOf(row - 1)) / 2;
      node(1, ey, env.environment, `environment ${env.environment}`, "env");
      for (const ky of keyYs) edge(1, ey, ky);
      envYs.push(ey);
    }
    const ty = (yOf(tStart) + yOf(row - 1)) / 2;
    node(0, ty, t.tenant, `tenant ${t.tenant}`, "tenant");
    for (const ey of envYs) edge(0, ty, ey);
  }
  if (row === 0)
    return `<p class="empty" id="key-hierarchy-diagram">No KMS keys and no encrypted resources in this stack.</p>`;
  const heads = ["Tenant", "Environment", "Purpose key: alias · key", "Resources using the key"]
    .map((h, i) => `<text class="head" x="${COLUMNS[i]}" y="16">${h}</text>`)
    .join("");
  const height = yOf(row) - 6;
  return (
    `<svg id="key-hierarchy-diagram" role="img" aria-label="Key hierarchy" xmlns="http://www.w3.org/2000/svg" ` +
    `viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">${heads}${parts.join("")}</svg>`
  );
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#1b1f24;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}.mono{word-break:break-all}
.bad{color:#a40e26;font-weight:600}
.badge{display:inline-block;padding:0 6px;border-radius:4px;font-weight:600;font-size:12px}
.pass{background:#dafbe1;color:#116329}.fail{background:#ffebe9;color:#a40e26}.warn{background:#fff8c5;color:#7d4e00}
.exempt{background:#ddf4ff;color:#0550ae}tr.due td{background:#fff8c5}tr.overdue td{background:#ffebe9}
.verdict{font-size:18px;font-weight:700}.empty{color:#57606a;font-style:italic}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}
dt{color:#57606a}dd{margin:0}svg .node rect{stroke:#57606a;fill:#f6f8fa}svg .tenant rect{fill:#ddf4ff}svg .env rect{fill:#fbefff}
svg .key rect{fill:#fff8c5}svg .unused rect{stroke-dasharray:4 3}svg text{font:12px ui-monospace,Menlo,monospace;fill:#1b1f24}
svg text.head{font:600 12px system-ui,sans-serif;fill:#57606a}svg .edge{fill:none;stroke:#8c959f;stroke-width:1.2}
.scroll{overflow-x:auto}`;

export function renderHtml(e: Evidence, jsonDigest: string): string {
  const s = e.summary;
  const code = (x: string) => `<code>${esc(x)}</code>`;
  const sections = [
    `<header id="header"><h1>ephi-guard evidence: ${esc(e.project)}/${esc(e.stack)}</h1>`,
    `<p class="verdict">${badge(s.passed ? "pass" : "fail")} ${s.mandatory} mandatory, ${s.advisory} advisory violations</p><dl>`,
    ...[
      ["Stack", code(`${e.project}/${e.stack}`)],
      ["Git commit", code(e.gitCommit)],
      ["Policy pack", code(`${e.policyPack.name}@${e.policyPack.version}`)],
      ["Tool", code(`${e.tool.name}@${e.tool.version}`)],
      ["Mode", esc(e.mode)],
      ["Generated", `<time datetime="${esc(e.generatedAt)}">${esc(e.generatedAt)}</time>`],
      ["evidence.json SHA-256", `<span class="mono" id="json-digest">${jsonDigest}</span>`],
      ["All files", `checksums in ${code(SUMS_FILE)} (verify with ${code(`sha256sum -c ${SUMS_FILE}`)})`],
    ].map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`),
    `</dl></header>`,
    `<section><h2>Results by HIPAA citation</h2>`,
    htmlTable(
      "hipaa-matrix",
      ["Citation", "Result", "Mandatory", "Advisory", "Policies"],
      e.hipaaMatrix.map((h) => ({
        cells: [
          esc(cite(h.citation)),
          badge(h.status),
          String(h.mandatory),
          String(h.advisory),
          `<details><summary>${h.policies.length} policies</summary>${h.policies.map(code).join(" ")}</details>`,
        ],
      })),
      "The pack cites no HIPAA paragraph.",
    ),
    `</section><section><h2>Results by policy</h2>`,
    htmlTable(
      "policy-matrix",
      ["Policy", "Category", "HIPAA", "Level", "Result", "Mandatory", "Advisory", "Description"],
      e.policyMatrix.map((p) => ({
        cells: [
          code(p.name),
          esc(p.category),
          esc(p.hipaa.map(cite).join(", ")),
          esc(p.enforcementLevel),
          badge(p.status),
          String(p.mandatory),
          String(p.advisory),
          esc(p.description),
        ],
      })),
      "The pack has no policies.",
    ),
    `</section><section><h2>ePHI-bearing resources</h2>`,
    htmlTable(
      "inventory",
      ["Resource", "Service", "Encryption", "Key", "TLS", "Policy result", "Policies"],
      e.inventory.map((i) => ({
        cells: [
          `${esc(i.name)}<br><span class="mono">${esc(i.type)}</span>`,
          esc(i.service),
          (i.encryption === "not-encrypted" ? `<span class="bad">${esc(i.encryption)}</span>` : esc(i.encryption)) +
            (i.algorithm ? `<br>${esc(i.algorithm)}` : ""),
          `${esc(i.key.kind)}<br><span class="mono">${esc(i.key.urn ? short(i.key.urn) : i.key.ref)}</span>`,
          esc(i.tls),
          badge(i.status),
          i.policies.map(code).join(" "),
        ],
      })),
      "No ePHI-bearing resources in this stack.",
    ),
    `</section><section><h2>Key hierarchy</h2><div class="scroll">`,
    keyHierarchySvg(e),
    `</div></section><section><h2>TLS baseline of listeners and endpoints</h2>`,
    htmlTable(
      "tls-baseline",
      ["Endpoint", "Service", "Protocol", "Port", "TLS policy", "Result", "Policies"],
      e.tlsBaseline.map((t) => ({
        cells: [
          `${esc(t.name)}<br><span class="mono">${esc(t.type)}</span>`,
          esc(t.service),
          esc(t.protocol),
          esc(t.port),
          code(t.tlsPolicy),
          badge(t.status),
          t.policies.map(code).join(" "),
        ],
      })),
      "No TLS listeners or endpoints in this stack.",
    ),
    `</section><section><h2>Exemptions in force</h2>`,
    htmlTable(
      "exemptions",
      ["Exemption", "Exempted from", "Resource", "Review by", "Due", "Justification"],
      e.exemptions.map((x) => ({
        cls: x.overdue ? "overdue" : x.dueSoon ? "due" : undefined,
        cells: [
          esc(x.id ?? "-"),
          x.exemptedPolicy ? code(x.exemptedPolicy) : "-",
          esc(short(x.resourceUrn) || "(stack)"),
          esc(x.reviewDate ?? "no date"),
          esc(dueText(x)),
          esc(x.message),
        ],
      })),
      "No exemptions in force.",
    ),
    `</section><section><h2>All violations</h2>`,
    htmlTable(
      "violations",
      ["Policy", "Level", "Resource", "Message"],
      e.violations.map((v) => ({
        cells: [
          code(v.policyName),
          esc(v.enforcementLevel),
          `<span class="mono">${esc(v.resourceUrn || "(stack)")}</span>`,
          esc(v.message).replace(/\n/g, "<br>"),
        ],
      })),
      "No violations.",
    ),
    `</section>`,
  ];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ephi-guard evidence: ${esc(e.project)}/${esc(e.stack)}</title>
<style>${CSS}</style></head>
<body>
${sections.join("\n")}
</body></html>
`;
}

// ---------- files ----------

export interface WrittenEvidence {
  dir: string;
  files: Record<(typeof EVIDENCE_FILES)[number], string>;
  digests: Record<string, string>;
}

/** Writes the three files and SHA256SUMS; md and html carry the digest of evidence.json, which cannot carry its own. */
export function writeEvidence(dir: string, e: Evidence): WrittenEvidence {
  const json = JSON.stringify(e, null, 2) + "\n";
  const jsonDigest = sha256(json);
  const contents: Record<(typeof EVIDENCE_FILES)[number], string> = {
    "evidence.json": json,
    "evidence.md": renderMarkdown(e, jsonDigest),
    "evidence.html": renderHtml(e, jsonDigest),
  };
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, body] of Object.entries(contents)) fs.writeFileSync(path.join(dir, name), body);
    const digests = Object.fromEntries(Object.entries(contents).map(([n, b]) => [n, sha256(b)]));
    fs.writeFileSync(
      path.join(dir, SUMS_FILE),
      Object.entries(digests)
        .map(([n, d]) => `${d}  ${n}\n`)
        .join(""),
    );
    const files = Object.fromEntries(EVIDENCE_FILES.map((n) => [n, path.join(dir, n)])) as WrittenEvidence["files"];
    return { dir, files, digests };
  } catch (err) {
    throw new UserError(`${dir}: cannot write evidence: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}`);
  }
}
