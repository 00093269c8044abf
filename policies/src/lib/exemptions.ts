/**
 * The exemption register: documented "encryption alternative measures" instead of silent opt-outs.
 * The register lives in the config of one policy (encryption-alternative-measures), which the pack
 * lists first so that it refreshes the register below before any other policy reads it in the same
 * Analyze call. A policy wrapped by define.ts then drops a violation whose resource an entry in
 * force covers; an entry that is expired, incomplete or otherwise invalid exempts nothing.
 */
export interface ExemptionEntry {
  id: string;
  policy: string;
  /** a URN, a URN glob, or a glob over the resource name (`*` and `?`) */
  resource: string;
  justification?: string;
  compensatingControls?: string[];
  riskAcceptedBy?: string;
  approvedOn?: string;
  reviewBy?: string;
}

export type ExemptionStatus =
  | { state: "in-force"; daysToReview: number }
  | { state: "expired"; reason: string }
  | { state: "invalid"; reason: string };

/** HIPAA's documentation duty implies at least an annual review of each decision. */
export const MAX_REVIEW_MONTHS = 12;
export const REVIEW_SOON_DAYS = 30;
const DATE = "^\\d{4}-\\d{2}-\\d{2}$";

/** The configSchema of the register; the engine validates the pack config against it. */
export const EXEMPTIONS_SCHEMA = {
  type: "array",
  default: [],
  description: "Documented exemptions: a justified, approved, time-boxed alternative to a mandatory policy.",
  items: {
    type: "object",
    required: ["id", "policy", "resource"],
    additionalProperties: false,
    properties: {
      id: { type: "string", pattern: "^[A-Za-z0-9._-]{1,64}$" },
      policy: { type: "string", minLength: 1 },
      resource: { type: "string", minLength: 1 },
      justification: { type: "string" },
      compensatingControls: { type: "array", items: { type: "string" } },
      riskAcceptedBy: { type: "string" },
      approvedOn: { type: "string", pattern: DATE },
      reviewBy: { type: "string", pattern: DATE },
    },
  },
};

function parseDate(s: string | undefined): Date | undefined {
  if (!s || !new RegExp(DATE).test(s)) return undefined;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? undefined : d;
}

function addMonths(d: Date, months: number): Date {
  const r = new Date(d);
  r.setUTCMonth(r.getUTCMonth() + months);
  return r;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether an entry exempts anything today, and why not. */
export function exemptionStatus(e: ExemptionEntry, knownPolicies: ReadonlySet<string>, today: Date): ExemptionStatus {
  const missing = [
    !e.justification?.trim() && "justification",
    !(e.compensatingControls ?? []).some((c) => c.trim()) && "compensatingControls",
    !e.riskAcceptedBy?.trim() && "riskAcceptedBy",
    !e.approvedOn && "approvedOn",
    !e.reviewBy && "reviewBy",
  ].filter(Boolean);
  if (missing.length) return { state: "invalid", reason: `incomplete: missing ${missing.join(", ")}` };
  if (!knownPolicies.has(e.policy)) return { state: "invalid", reason: `names no policy of this pack: ${e.policy}` };
  const approved = parseDate(e.approvedOn);
  const review = parseDate(e.reviewBy);
  if (!approved) return { state: "invalid", reason: `approvedOn ${e.approvedOn} is not a calendar date` };
  if (!review) return { state: "invalid", reason: `reviewBy ${e.reviewBy} is not a calendar date` };
  if (approved > today) return { state: "invalid", reason: `approvedOn ${e.approvedOn} is in the future` };
  if (review <= approved)
    return { state: "invalid", reason: `reviewBy ${e.reviewBy} is not after approvedOn ${e.approvedOn}` };
  if (review > addMonths(approved, MAX_REVIEW_MONTHS)) {
    return {
      state: "invalid",
      reason: `reviewBy ${e.reviewBy} is more than ${MAX_REVIEW_MONTHS} months after approvedOn ${e.approvedOn}`,
    };
  }
  if (review < today) return { state: "expired", reason: `its review was due on ${e.reviewBy}` };
  return { state: "in-force", daysToReview: Math.round((review.getTime() - today.getTime()) / DAY_MS) };
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

export function coversResource(e: ExemptionEntry, urn: string): boolean {
  const target = e.resource.startsWith("urn:") ? urn : urn.slice(urn.lastIndexOf("::") + 2);
  return globToRegExp(e.resource).test(target);
}

export function todayUtc(): Date {
  return new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
}

/** The register as last configured, shared by every policy in this pack process. */
export const register = {
  entries: [] as ExemptionEntry[],
  policies: new Set<string>(),
};

export function setRegister(entries: unknown, policies: ReadonlySet<string>): void {
  register.entries = Array.isArray(entries) ? (entries as ExemptionEntry[]) : [];
  register.policies = new Set(policies);
}

/** The entry in force that exempts `urn` from `policy`, or the reason the matching entries do not. */
export function findExemption(
  policy: string,
  urn: string,
  today = todayUtc(),
): { entry: ExemptionEntry; status: ExemptionStatus } | undefined {
  let fallback: { entry: ExemptionEntry; status: ExemptionStatus } | undefined;
  for (const entry of register.entries) {
    if (entry.policy !== policy || !coversResource(entry, urn)) continue;
    const status = exemptionStatus(entry, register.policies, today);
    if (status.state === "in-force") return { entry, status };
    fallback ??= { entry, status };
  }
  return fallback;
}
