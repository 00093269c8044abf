/**
 * The generic encryption-at-rest checks over the rows of catalog/encryption-at-rest.ts: a flag
 * check (is the part encrypted at all) and a key check (is the key customer-managed). Policies are
 * stack policies because a key unknown at preview is resolved through propertyDependencies to the
 * KMS key in the stack, and account-level EBS default encryption lives in another resource.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { AT_REST_ROWS } from "../catalog/encryption-at-rest";
import type {
  AtRestRow,
  AtRestTarget,
  Condition,
  FlagSpec,
  KeySpec,
  Matcher,
  UnsetMeans,
} from "../catalog/encryption-at-rest";
import { HIPAA } from "../catalog/hipaa";
import { EphiPolicyMeta, stackPolicy } from "./define";
import { classifyKeyRef, keyFromDependencies } from "./kms";
import { asObject, Known, ofTypes, read, Unknowns } from "./values";

/** An object holding a target's settings, with the path prefix that names it in messages. */
interface Holder {
  label: string;
  value: unknown;
}

/** Account-level EBS default encryption declared in the stack, and its default key if one is set. */
interface EbsDefault {
  key?: { value: Known<unknown>; deps: PolicyResource[] | undefined };
}

interface Context {
  stack: PolicyResource[];
  unknowns: Unknowns;
  ebsDefault?: EbsDefault;
}

/** Where an inheriting part (a read replica) gets its encryption from. */
type Inheritance = "none" | "in-stack" | "outside";

const UNSET: Record<UnsetMeans, (alias?: string) => string> = {
  unencrypted: () => "stores it unencrypted",
  "aws-owned-key": () => "encrypts it under a key AWS owns, outside the account's key policies and audit trail",
  "aws-managed-key": (alias) => `uses the AWS-managed key ${alias ?? "of the service"}`,
  "source-key": () => "keeps the source's encryption state and key, which this stack cannot verify",
  "secure-default": () => "applies its secure default",
};

/** every token some row checks: a source of one of these types is verified by its own rule */
const CHECKED_TYPES: ReadonlySet<string> = new Set(AT_REST_ROWS.flatMap((row) => row.types));

const known = <T>(value: T): Known<T> => ({ known: true, value });

/** A dotted path read through the unknown proxy; undefined when a step is missing or not an object. */
function readPath(base: unknown, path: string): Known<unknown> {
  let current: unknown = base;
  for (const step of path.split(".")) {
    const o = asObject(current);
    if (!o) return known(undefined);
    const next = read(() => o[step]);
    if (!next.known) return next;
    current = next.value;
  }
  return known(current);
}

/** The objects a path with `[]` steps selects; wrong shapes select nothing. */
function holders(base: unknown, path: string): Known<Holder[]> {
  let current: Holder[] = [{ label: "", value: base }];
  for (const step of path.split(".")) {
    const many = step.endsWith("[]");
    const name = many ? step.slice(0, -2) : step;
    const next: Holder[] = [];
    for (const h of current) {
      const v = readPath(h.value, name);
      if (!v.known) return v;
      if (v.value === undefined || v.value === null) continue;
      if (!many) {
        next.push({ label: `${h.label}${name}.`, value: v.value });
        continue;
      }
      const items = v.value;
      if (!Array.isArray(items)) continue;
      for (let i = 0; i < items.length; i++) {
        const item = read(() => items[i] as unknown);
        if (!item.known) return item;
        if (item.value !== undefined && item.value !== null)
          next.push({ label: `${h.label}${name}[${i}].`, value: item.value });
      }
    }
    current = next;
  }
  return known(current);
}

function nonEmpty(v: unknown): boolean {
  if (typeof v === "string" || Array.isArray(v)) return v.length > 0;
  const o = asObject(v);
  return o !== undefined ? Object.keys(o).length > 0 : v !== undefined && v !== null;
}

function matches(v: unknown, m: Matcher): boolean {
  if ("equals" in m) {
    return m.equals.some(
      (x) => x === v || (typeof x === "string" && typeof v === "string" && x.toLowerCase() === v.toLowerCase()),
    );
  }
  if ("contains" in m) return Array.isArray(v) && v.some((e) => e === m.contains);
  return nonEmpty(v);
}

function expected(m: Matcher): string {
  if ("equals" in m) return m.equals.map((x) => JSON.stringify(x)).join(" or ");
  if ("contains" in m) return `a list containing ${JSON.stringify(m.contains)}`;
  return "a non-empty value";
}

/** A value for a message; wrong shapes are named by their type instead of being serialized. */
function show(v: unknown): string {
  return ["string", "number", "boolean"].includes(typeof v)
    ? JSON.stringify(v)
    : `a value of type ${Array.isArray(v) ? "array" : typeof v}`;
}

function holds(props: unknown, c: Condition, unknowns: Unknowns): boolean | undefined {
  const v = readPath(props, c.path);
  const ok = v.known ? read(() => matches(v.value, c.is)) : v;
  if (!ok.known) {
    unknowns.note(ok);
    return undefined;
  }
  return ok.value;
}

/** A dependency that is a resource some at-rest rule checks, so its encryption is verified there. */
function checkedSource(deps: PolicyResource[] | undefined): boolean {
  return (deps ?? []).some((d) => CHECKED_TYPES.has(d.type));
}

function inheritance(r: PolicyResource, property: string): Inheritance {
  const v = readPath(r.props, property);
  // an unknown source is still a source: the property will be set
  if (v.known && !nonEmpty(v.value)) return "none";
  return checkedSource(r.propertyDependencies[property]) ? "in-stack" : "outside";
}

function ebsDefaultOf(stack: PolicyResource[], unknowns: Unknowns): EbsDefault | undefined {
  const on = ofTypes(stack, ["aws:ebs/encryptionByDefault:EncryptionByDefault"]).some((r) => {
    const enabled = readPath(r.props, "enabled");
    if (!enabled.known) unknowns.note(enabled);
    return enabled.known && enabled.value !== false; // the resource defaults to enabled
  });
  if (!on) return undefined;
  const keyResource = ofTypes(stack, ["aws:ebs/defaultKmsKey:DefaultKmsKey"])[0];
  if (!keyResource) return {};
  return { key: { value: readPath(keyResource.props, "keyArn"), deps: keyResource.propertyDependencies["keyArn"] } };
}

/** The verdict on one key reference: a problem, or undefined when customer-managed, unverifiable-yet-customer, or unknown. */
function keyRefProblem(
  label: string,
  v: Known<unknown>,
  deps: PolicyResource[] | undefined,
  ctx: Context,
): string | undefined {
  if (!v.known) {
    // unknown until apply (e.g. key.arn): resolved when the property was built from a KMS key in this stack
    if (!keyFromDependencies(deps)) ctx.unknowns.note(v);
    return undefined;
  }
  const ref = v.value;
  if (typeof ref !== "string") return `${label} is ${show(ref)}, not a KMS key ARN, key id or alias`;
  if (classifyKeyRef(ref, ctx.stack).kind === "aws-managed")
    return `${label} ${ref} is an AWS-managed key; name a customer-managed KMS key`;
  // a key outside the stack passes here; kms-key-provenance reports whether the allow-list vouches for it
  return undefined;
}

function flagProblem(
  r: PolicyResource,
  h: Holder,
  t: AtRestTarget,
  f: FlagSpec,
  inherited: Inheritance,
  ctx: Context,
): string | undefined {
  const v = readPath(h.value, f.path);
  if (!v.known) {
    ctx.unknowns.note(v);
    return undefined;
  }
  const label = h.label + f.path;
  if (v.value === undefined || v.value === null) {
    if (f.unset === "secure-default" || inherited !== "none" || (t.ebsAccountDefault && ctx.ebsDefault))
      return undefined;
    if (f.encryptedByDefaultWhen && holds(r.props, f.encryptedByDefaultWhen, ctx.unknowns) !== false) return undefined;
    return `${label} is unset, so AWS ${UNSET[f.unset]()} (the ${t.part}); set it to ${expected(f.is)}`;
  }
  const ok = read(() => matches(v.value, f.is));
  if (!ok.known) {
    ctx.unknowns.note(ok);
    return undefined;
  }
  return ok.value
    ? undefined
    : `${label} is ${show(v.value)} (the ${t.part}): encryption at rest with a customer-managed key requires ${expected(f.is)}`;
}

function keyProblem(
  r: PolicyResource,
  h: Holder,
  t: AtRestTarget,
  k: KeySpec,
  inherited: Inheritance,
  ctx: Context,
): string | undefined {
  const label = h.label + k.path;
  const v = readPath(h.value, k.path);
  const deps = r.propertyDependencies[topProperty(t.at ?? k.path)];
  if (v.known && (v.value === undefined || v.value === null || v.value === "")) {
    if (inherited === "in-stack") return undefined;
    if (inherited === "outside") {
      return `${label} is unset, so the ${t.part} inherits the key of a source outside this stack, which cannot be verified; name a customer-managed KMS key`;
    }
    if (t.ebsAccountDefault && ctx.ebsDefault) {
      const d = ctx.ebsDefault.key;
      if (!d)
        return `${label} is unset and the account's EBS default encryption uses alias/aws/ebs (no aws:ebs/defaultKmsKey in the stack); name a customer-managed KMS key`;
      return keyRefProblem(
        `${label} is unset and the account default key (aws:ebs/defaultKmsKey keyArn)`,
        d.value,
        d.deps,
        ctx,
      );
    }
    return `${label} is unset, so AWS ${UNSET[k.unset](k.awsManagedAlias)} (the ${t.part}); name a customer-managed KMS key`;
  }
  return keyRefProblem(label, v, deps, ctx);
}

function topProperty(path: string): string {
  return path.split(/[.[]/)[0];
}

function parseJson(h: Holder): Holder | undefined {
  if (asObject(h.value)) return h;
  if (typeof h.value !== "string") return undefined;
  try {
    return { label: h.label, value: JSON.parse(h.value) as unknown };
  } catch {
    return undefined;
  }
}

/** The problems of one target of one resource; unknown values are noted in ctx, never passed silently. */
function targetProblems(r: PolicyResource, t: AtRestTarget, ctx: Context): string[] {
  if (t.when && holds(r.props, t.when, ctx.unknowns) !== true) return [];
  if (t.unless && holds(r.props, t.unless, ctx.unknowns) !== false) return [];
  const inherited = t.inheritsFrom ? inheritance(r, t.inheritsFrom) : "none";
  const found = t.at ? holders(r.props, t.at) : known([{ label: "", value: r.props }]);
  if (!found.known) {
    ctx.unknowns.note(found);
    return [];
  }
  let list = found.value;
  if (list.length === 0 && t.absentMeansDefaults && t.at)
    list = [{ label: `${t.at.replace(/\[\]/g, "[0]")}.`, value: {} }];
  const problems: string[] = [];
  for (const raw of list) {
    const h = t.json ? parseJson(raw) : raw;
    if (!h) {
      problems.push(`${t.at} is not a JSON object, so the ${t.part} encryption cannot be verified`);
      continue;
    }
    const flagged = (t.flags ?? []).map((f) => flagProblem(r, h, t, f, inherited, ctx)).filter((p): p is string => !!p);
    problems.push(...flagged);
    const keyed = t.key && flagged.length === 0 ? keyProblem(r, h, t, t.key, inherited, ctx) : undefined;
    if (keyed) problems.push(keyed);
  }
  return problems;
}

/** Known key references a resource's targets name, for the provenance advisory. */
export function keyReferences(r: PolicyResource, row: AtRestRow): { label: string; ref: string }[] {
  const refs: { label: string; ref: string }[] = [];
  for (const t of row.targets) {
    if (!t.key) continue;
    const found = t.at ? holders(r.props, t.at) : known([{ label: "", value: r.props }]);
    for (const raw of found.known ? found.value : []) {
      const h = t.json ? parseJson(raw) : raw;
      const v = h ? readPath(h.value, t.key.path) : known(undefined);
      if (h && v.known && typeof v.value === "string" && v.value !== "")
        refs.push({ label: h.label + t.key.path, ref: v.value });
    }
  }
  return refs;
}

type AtRestPolicyMeta = Omit<EphiPolicyMeta, "category" | "hipaa">;

/** One mandatory at-rest policy over some catalogue rows. */
export function atRestPolicy(meta: AtRestPolicyMeta, rows: readonly AtRestRow[]): StackValidationPolicy {
  const types = [...new Set(rows.flatMap((row) => row.types))];
  const usesEbsDefault = rows.some((row) => row.targets.some((t) => t.ebsAccountDefault));
  return stackPolicy(
    { ...meta, category: "at-rest", hipaa: [HIPAA.encryptionAtRest] },
    {
      validateStack: (args, report) => {
        const resources = ofTypes(args.resources, types);
        if (resources.length === 0)
          return args.notApplicable(`no ${rows.map((row) => row.service).join(", ")} in the stack`);
        const unknowns = new Unknowns();
        const ebsDefault = usesEbsDefault ? ebsDefaultOf(args.resources, unknowns) : undefined;
        const ctx: Context = { stack: args.resources, unknowns, ebsDefault };
        for (const r of resources) {
          for (const row of rows.filter((x) => x.types.includes(r.type))) {
            for (const t of row.targets) {
              for (const p of targetProblems(r, t, ctx)) report(`${row.service} ${r.name}: ${p}`, r.urn);
            }
          }
        }
        unknowns.rethrow();
      },
    },
  );
}
