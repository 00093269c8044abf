/** Reading IAM-style resource policy documents that may be JSON strings, objects or anything else. */
import { asObject, asString, Props } from "../../lib/values";

export function statementsOf(doc: unknown): Props[] {
  let parsed: unknown = doc;
  if (typeof doc === "string") {
    try {
      parsed = JSON.parse(doc);
    } catch {
      return [];
    }
  }
  const st = asObject(parsed)?.Statement;
  return (Array.isArray(st) ? st : [st]).flatMap((s): Props[] => {
    const o = asObject(s);
    return o ? [o] : [];
  });
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function everyone(principal: unknown): boolean {
  return principal === "*" || list(asObject(principal)?.AWS).includes("*");
}

/** True when the statement's actions cover every action of the service (`*` or `<service>:*`). */
function coversService(actions: unknown, service: string): boolean {
  return list(actions).some((a) => {
    const action = asString(a)?.toLowerCase();
    return action === "*" || action === `${service}:*`;
  });
}

/** A condition operator block ("Bool", "NumericLessThan"...) by name, also in its IfExists form. */
function conditionValues(statement: Props, operator: string, key: string): unknown[] {
  const condition = asObject(statement.Condition) ?? {};
  return [operator, `${operator}IfExists`].flatMap((op) => {
    const block = asObject(condition[op]) ?? {};
    const entry = Object.entries(block).find(([k]) => k.toLowerCase() === key.toLowerCase());
    return entry ? list(entry[1]) : [];
  });
}

/** Deny, for everyone, every action of the service when aws:SecureTransport is false. */
export function deniesInsecureTransport(statement: Props, service: string): boolean {
  return (
    statement.Effect === "Deny" &&
    everyone(statement.Principal) &&
    coversService(statement.Action, service) &&
    conditionValues(statement, "Bool", "aws:SecureTransport").some((v) => String(v).toLowerCase() === "false")
  );
}

/** Deny, for everyone, requests whose s3:TlsVersion is below 1.2 (or a higher floor). */
export function deniesTlsBelow12(statement: Props): boolean {
  return (
    statement.Effect === "Deny" &&
    everyone(statement.Principal) &&
    coversService(statement.Action, "s3") &&
    conditionValues(statement, "NumericLessThan", "s3:TlsVersion").some((v) => Number(v) >= 1.2)
  );
}
