/**
 * Reads a KMS key policy document (a JSON string as the provider takes it, or an object as some
 * state files hold it) and answers the least-privilege and separation-of-duties questions. A
 * document that cannot be read is a result, never a throw; the SDK's UnknownValueError from an
 * unknown value inside an object document is let through for the caller's `read()`.
 */
import {
  ADMIN_ACTIONS,
  DEFAULT_SERVICE_CONDITION_KEYS,
  IDENTITY_BLOCKED_ACTIONS,
  KEY_SELECTING_CONDITION_KEYS,
  RESTRICTING_CONDITION_KEYS,
  RESTRICTING_OPERATORS,
  SENSITIVE_FOR_ANYONE,
  SERVICE_PRINCIPALS,
  USE_ACTIONS,
} from "../catalog/key-rules";
import { asArray, asObject, asString, Props } from "./values";

export interface Statement {
  /** Sid, or `#<index>` when there is none. */
  label: string;
  effect: "Allow" | "Deny";
  /** Principal `*` (or an Allow with NotPrincipal, which means everyone else). */
  anyone: boolean;
  /** AWS principals as ARNs (a bare account id becomes its root ARN). */
  aws: string[];
  services: string[];
  actions: string[];
  notActions: string[];
  resources: string[];
  /** Set when the statement uses NotResource (everything except these). */
  notResources?: string[];
  condition: Props;
}

export type ParsedKeyPolicy = { ok: true; statements: Statement[] } | { ok: false; reason: string };

function strings(v: unknown): string[] {
  return typeof v === "string" ? [v] : asArray(v).filter((s): s is string => typeof s === "string");
}

function parsePrincipal(raw: unknown): { anyone: boolean; aws: string[]; services: string[] } | undefined {
  if (raw === "*") return { anyone: true, aws: [], services: [] };
  const p = asObject(raw);
  if (!p) return undefined;
  const aws = strings(p.AWS).map((a) => (/^\d{12}$/.test(a) ? `arn:aws:iam::${a}:root` : a));
  return { anyone: aws.includes("*"), aws: aws.filter((a) => a !== "*"), services: strings(p.Service) };
}

/** Key policies name principals; identity policies (IAM users, groups, roles) name none. */
export type PolicyKind = "key" | "identity";

function parseStatement(raw: unknown, index: number, kind: PolicyKind): Statement | string {
  const s = asObject(raw);
  if (!s) return `statement ${index} is not an object`;
  const effect = s.Effect;
  if (effect !== "Allow" && effect !== "Deny") return `statement ${index} has Effect ${JSON.stringify(effect ?? null)}`;
  const label = asString(s.Sid) || `#${index}`;
  const principal =
    kind === "identity" ? { anyone: false, aws: [], services: [] } : parsePrincipal(s.Principal ?? s.NotPrincipal);
  if (!principal) return `statement ${label} has no readable Principal`;
  const actions = strings(s.Action);
  const notActions = strings(s.NotAction);
  if (actions.length === 0 && notActions.length === 0) return `statement ${label} has no Action`;
  // Allow + NotPrincipal grants everyone except the listed principals
  const anyone = principal.anyone || (effect === "Allow" && s.NotPrincipal !== undefined);
  const resources = strings(s.Resource);
  const notResources = s.NotResource === undefined ? undefined : strings(s.NotResource);
  const condition = asObject(s.Condition) ?? {};
  return { label, effect, ...principal, anyone, actions, notActions, resources, notResources, condition };
}

export function parseKeyPolicy(doc: unknown, kind: PolicyKind = "key"): ParsedKeyPolicy {
  let value = doc;
  if (typeof doc === "string") {
    try {
      value = JSON.parse(doc);
    } catch {
      return { ok: false, reason: `the ${kind} policy is not valid JSON` };
    }
  }
  const root = asObject(value);
  if (!root) return { ok: false, reason: `the ${kind} policy is not a JSON object` };
  const rawStatements = Array.isArray(root.Statement)
    ? root.Statement
    : asObject(root.Statement)
      ? [root.Statement]
      : [];
  if (rawStatements.length === 0) return { ok: false, reason: `the ${kind} policy has no Statement` };
  const statements: Statement[] = [];
  for (const [i, raw] of rawStatements.entries()) {
    const s = parseStatement(raw, i, kind);
    if (typeof s === "string") return { ok: false, reason: `the ${kind} policy cannot be read: ${s}` };
    statements.push(s);
  }
  return { ok: true, statements };
}

/** IAM action globbing: `*` and `?`, case-insensitive. */
function matches(pattern: string, action: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`, "i").test(action);
}

export function coversAction(s: Statement, action: string): boolean {
  if (s.actions.length > 0) return s.actions.some((p) => matches(p, action));
  return !s.notActions.some((p) => matches(p, action));
}

/** A condition value pins something unless it is all wildcards or an ARN with a wildcard account. */
function pinsValue(v: string): boolean {
  return v.replace(/[*?]/g, "") !== "" && !/^arn:[^:]*:[^:]*:[^:]*:[*?]+:/.test(v);
}

/**
 * True when some condition block pins the caller with one of `keys` through a positive operator
 * (the list leaves out negations, `IfExists`, `ForAllValues:` and `Null`, which pin nothing).
 */
function conditionPins(condition: Props, keys: readonly string[]): boolean {
  // a wanted key ending in "/" or ":" is a prefix (aws:ResourceTag/, kms:EncryptionContext:)
  const wanted = keys.map((k) => k.toLowerCase());
  const isWanted = (key: string) => wanted.some((w) => (/[/:]$/.test(w) ? key.startsWith(w) : key === w));
  return Object.entries(condition).some(([operator, block]) => {
    if (!(RESTRICTING_OPERATORS as readonly string[]).includes(operator)) return false;
    return Object.entries(asObject(block) ?? {}).some(([key, values]) => {
      const vs = strings(values);
      return isWanted(key.toLowerCase()) && vs.length > 0 && vs.every(pinsValue);
    });
  });
}

export interface Finding {
  statement: string;
  actions: string[];
  message: string;
}

/** Allow statements granting sensitive actions to `*` without a condition that pins the caller. */
export function wildcardGrants(statements: readonly Statement[]): Finding[] {
  return statements.flatMap((s) => {
    if (s.effect !== "Allow" || !s.anyone || conditionPins(s.condition, RESTRICTING_CONDITION_KEYS)) {
      return [];
    }
    const actions = SENSITIVE_FOR_ANYONE.filter((a) => coversAction(s, a));
    if (actions.length === 0) return [];
    return [
      {
        statement: s.label,
        actions,
        message: `statement ${s.label} allows ${actions.join(", ")} to Principal "*" with no condition pinning the caller (${RESTRICTING_CONDITION_KEYS.join(", ")})`,
      },
    ];
  });
}

/** Allow statements letting a service principal use the key without its documented confused-deputy condition. */
export function unpinnedServiceGrants(statements: readonly Statement[]): Finding[] {
  return statements.flatMap((s) => {
    if (s.effect !== "Allow") return [];
    const actions = USE_ACTIONS.filter((a) => coversAction(s, a));
    if (actions.length === 0) return [];
    return s.services.flatMap((service) => {
      const rule = SERVICE_PRINCIPALS.find((r) => r.principal.test(service));
      const keys = rule?.conditionKeys ?? DEFAULT_SERVICE_CONDITION_KEYS;
      if (conditionPins(s.condition, keys)) return [];
      const documented = rule ? ` (${rule.service}: ${rule.source})` : "";
      return [
        {
          statement: s.label,
          actions,
          message: `statement ${s.label} lets service ${service} use the key without a condition on ${keys.join(" or ")}${documented}, so any account's ${rule?.service ?? service} resources could use it`,
        },
      ];
    });
  });
}

export interface DutyConflict {
  principal: string;
  admin: string[];
  use: string[];
}

/** Principals granted both key administration and cryptographic use (after unconditioned Denies naming them). */
export function dutyConflicts(statements: readonly Statement[]): DutyConflict[] {
  const principals = [...new Set(statements.filter((s) => s.effect === "Allow").flatMap((s) => s.aws))];
  const granted = (principal: string, action: string): boolean =>
    statements.some((s) => s.effect === "Allow" && s.aws.includes(principal) && coversAction(s, action)) &&
    !statements.some(
      (s) =>
        s.effect === "Deny" &&
        (s.anyone || s.aws.includes(principal)) &&
        Object.keys(s.condition).length === 0 &&
        coversAction(s, action),
    );
  return principals.flatMap((principal) => {
    const admin = ADMIN_ACTIONS.filter((a) => granted(principal, a));
    const use = USE_ACTIONS.filter((a) => granted(principal, a));
    return admin.length > 0 && use.length > 0 ? [{ principal, admin, use }] : [];
  });
}

/** `*`, or a KMS ARN whose key part is a wildcard: every key the account (or any account) has. */
const ALL_KEYS = /^(\*|arn:[^:]+:kms:[^:]*:[^:]*:(key\/)?\*)$/;

/** Allow statements of an identity policy letting the holder decrypt with every key, unless a condition selects keys. */
export function allKeyDecrypts(statements: readonly Statement[]): Finding[] {
  return statements.flatMap((s) => {
    if (s.effect !== "Allow" || conditionPins(s.condition, KEY_SELECTING_CONDITION_KEYS)) return [];
    const everyKey = s.notResources !== undefined || s.resources.some((r) => ALL_KEYS.test(r));
    const actions = IDENTITY_BLOCKED_ACTIONS.filter((a) => coversAction(s, a));
    if (!everyKey || actions.length === 0) return [];
    return [
      {
        statement: s.label,
        actions,
        message: `statement ${s.label} allows ${actions.join(", ")} on every KMS key (${s.notResources ? "NotResource" : s.resources.join(", ")}) with no condition selecting keys (${KEY_SELECTING_CONDITION_KEYS.join(", ")})`,
      },
    ];
  });
}
