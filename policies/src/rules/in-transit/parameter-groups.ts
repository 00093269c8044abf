/**
 * Stack-level correlation from a database (instance or cluster) to the parameter group that decides whether it
 * enforces TLS: through propertyDependencies in a program, or by name in a state file.
 */
import type { PolicyResource } from "@pulumi/policy";
import { asArray, asObject, asString, read, Unknowns } from "../../lib/values";
import { knownStrings } from "./known";

export type GroupLink =
  | { kind: "unset" }
  | { kind: "in-stack"; group: PolicyResource }
  | { kind: "external"; name: string }
  | { kind: "unknown" };

export function linkedGroup(
  db: PolicyResource,
  prop: string,
  groups: readonly PolicyResource[],
  unknowns: Unknowns,
): GroupLink {
  const viaDeps = groups.find((g) => (db.propertyDependencies[prop] ?? []).some((d) => d.urn === g.urn));
  if (viaDeps) return { kind: "in-stack", group: viaDeps };
  const name = read(() => db.props[prop]);
  if (!name.known) {
    unknowns.note(name);
    return { kind: "unknown" };
  }
  if (name.value === undefined || name.value === null || name.value === "") return { kind: "unset" };
  const literal = asString(name.value) ?? JSON.stringify(name.value);
  const byName = groups.find((g) => knownStrings(g.props, ["name", "id"]).includes(literal));
  return byName ? { kind: "in-stack", group: byName } : { kind: "external", name: literal };
}

/**
 * Parameters by lower-cased name. A value unknown at preview is left out and noted, so a check reads it as unset
 * only after the definite violations are out.
 */
export function parametersOf(group: PolicyResource, unknowns: Unknowns): Map<string, string> {
  const params = new Map<string, string>();
  const list = read(() => asArray(group.props.parameters));
  if (!list.known) {
    unknowns.note(list);
    return params;
  }
  for (const p of list.value) {
    const entry = read(() => {
      const o = asObject(p);
      return { name: asString(o?.name), value: o?.value };
    });
    if (!entry.known) {
      unknowns.note(entry);
      continue;
    }
    const { name, value } = entry.value;
    if (name !== undefined && value !== undefined && value !== null) params.set(name.toLowerCase(), String(value));
  }
  return params;
}

/** AWS names default groups `default.<family>`; they keep the engine's defaults. */
export function isDefaultGroupName(name: string): boolean {
  return name.startsWith("default.") || name.startsWith("default:");
}
