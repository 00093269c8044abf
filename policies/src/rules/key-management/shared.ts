/**
 * What the key-management rules share: their config (with the defaults `getConfig()` does not
 * apply in unit tests), the tags a resource really carries, and which stack key a resource uses.
 */
import type { PolicyProviderResource, PolicyResource } from "@pulumi/policy";
import { ALIAS_PATTERN_DEFAULT, KEY_TAG_DEFAULTS, STACK_CONFIG_KEYS } from "../../catalog/key-rules";
import { classifyKeyRef, CUSTOMER_KEY_TYPES, KEY_ALIAS_TYPE } from "../../lib/kms";
import { asObject, asString, Known, ofTypes, Props, read, Unknowns } from "../../lib/values";

export const KEY_TYPES: readonly string[] = CUSTOMER_KEY_TYPES;
export const KEY_POLICY_TYPE = "aws:kms/keyPolicy:KeyPolicy";
export const GRANT_TYPE = "aws:kms/grant:Grant";
export const REPLICA_TYPES = [
  "aws:kms/replicaKey:ReplicaKey",
  "aws:kms/replicaExternalKey:ReplicaExternalKey",
] as const;
/** KMS's own resources manage keys rather than encrypt data with them; their rules are separate. */
const KMS_MANAGEMENT_TYPES = [...KEY_TYPES, KEY_ALIAS_TYPE, KEY_POLICY_TYPE, GRANT_TYPE];

export interface TagConfig {
  tenantTag: string;
  environmentTag: string;
  purposeTag: string;
}

export const TAG_CONFIG_SCHEMA = {
  tenantTag: {
    type: "string",
    minLength: 1,
    default: KEY_TAG_DEFAULTS.tenantTag,
    description: "Tag naming the tenant.",
  },
  environmentTag: {
    type: "string",
    minLength: 1,
    default: KEY_TAG_DEFAULTS.environmentTag,
    description: "Tag naming the environment.",
  },
  purposeTag: {
    type: "string",
    minLength: 1,
    default: KEY_TAG_DEFAULTS.purposeTag,
    description: "Tag naming the key's purpose.",
  },
} as const;

export const STACK_OWNER_SCHEMA = {
  tenant: {
    type: "string",
    minLength: 1,
    description: `The stack's tenant; default: stack config <project>:tenant, else ${STACK_CONFIG_KEYS.tenant}.`,
  },
  environment: {
    type: "string",
    minLength: 1,
    description: `The stack's environment; default: stack config <project>:environment, else ${STACK_CONFIG_KEYS.environment}.`,
  },
} as const;

export const ALIAS_PATTERN_SCHEMA = {
  aliasPattern: {
    type: "string",
    pattern: "^alias/",
    default: ALIAS_PATTERN_DEFAULT,
    description: "Alias naming convention; <tenant>, <env> and <purpose> stand for the target key's tags.",
  },
} as const;

export function tagConfig(c: Partial<TagConfig>): TagConfig {
  return { ...KEY_TAG_DEFAULTS, ...c };
}

export interface Owner {
  tenant?: string;
  environment?: string;
}

/**
 * The stack's tenant and environment: the policy config, else the program's stack config, which
 * the CLI passes to the pack process as PULUMI_CONFIG (`<project>:tenant`, else the clinic program's keys).
 */
export function stackOwner(c: Owner): Owner {
  let config: Props = {};
  try {
    config = asObject(JSON.parse(process.env.PULUMI_CONFIG ?? "{}")) ?? {};
  } catch {
    // an unreadable PULUMI_CONFIG leaves only the policy config
  }
  const project = process.env.PULUMI_PROJECT;
  const fromStack = (key: keyof typeof STACK_CONFIG_KEYS) =>
    asString(config[`${project}:${key}`]) ?? asString(config[STACK_CONFIG_KEYS[key]]);
  return { tenant: c.tenant ?? fromStack("tenant"), environment: c.environment ?? fromStack("environment") };
}

function stringMap(v: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(asObject(v) ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}

/** Provider inputs hold nested config JSON-encoded; state files hold it as an object. */
function providerDefaultTags(provider: PolicyProviderResource | undefined): Record<string, string> {
  let raw: unknown = provider?.props.defaultTags;
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch {
      return {};
    }
  }
  return stringMap(asObject(raw)?.tags);
}

/** The tags AWS applies: the provider's defaultTags overridden by the resource's own. Throws while unknown. */
export function effectiveTags(props: Props, provider: PolicyProviderResource | undefined): Record<string, string> {
  return { ...providerDefaultTags(provider), ...stringMap(props.tags) };
}

/** A key's ownership tags; `undefined` fields are missing tags. */
export interface KeyOwner {
  tenant?: string;
  environment?: string;
  purpose?: string;
}

export function ownerTags(tags: Record<string, string>, t: TagConfig): KeyOwner {
  const get = (name: string) => (tags[name]?.trim() ? tags[name] : undefined);
  return { tenant: get(t.tenantTag), environment: get(t.environmentTag), purpose: get(t.purposeTag) };
}

const isKey = (r: PolicyResource) => KEY_TYPES.includes(r.type);

/** The key an alias points at: through propertyDependencies at preview, by value afterwards. */
/** Per-stack lookups, built once per AnalyzeStack request (the stack array is the same object throughout). */
const stackKeys = new WeakMap<readonly PolicyResource[], PolicyResource[]>();
const stackByUrn = new WeakMap<readonly PolicyResource[], Map<string, PolicyResource>>();

function keysOf(stack: readonly PolicyResource[]): PolicyResource[] {
  let keys = stackKeys.get(stack);
  if (!keys) stackKeys.set(stack, (keys = stack.filter(isKey)));
  return keys;
}

function byUrn(stack: readonly PolicyResource[], urn: string): PolicyResource | undefined {
  let index = stackByUrn.get(stack);
  if (!index) stackByUrn.set(stack, (index = new Map(stack.map((r) => [r.urn, r]))));
  return index.get(urn);
}

export function aliasTarget(alias: PolicyResource, stack: readonly PolicyResource[]): PolicyResource | undefined {
  const dep = (alias.propertyDependencies["targetKeyId"] ?? []).find(isKey);
  if (dep) return dep;
  const target = read(() => asString(alias.props.targetKeyId));
  // only keys: an alias never targets another alias, and a malformed one must not loop
  return target.known && target.value ? keyForRef(target.value, keysOf(stack)) : undefined;
}

/** The stack key a known key id, key ARN, alias name or alias ARN designates. */
export function keyForRef(ref: string, stack: readonly PolicyResource[]): PolicyResource | undefined {
  const c = classifyKeyRef(ref, stack);
  if (c.kind !== "customer-managed") return undefined;
  const r = byUrn(stack, c.via);
  return r && r.type === KEY_ALIAS_TYPE ? aliasTarget(r, stack) : r;
}

/** Cloud resources that can hold data; component resources (e.g. `ephi:kms:TenantKeyring`) only pass keys to children. */
const KEY_CONSUMER_PACKAGES = ["aws", "aws-native"];

/** Properties whose unknown value may be a key reference (kmsKeyId, kmsKeyArn, kmsMasterKeyId, keyId...). */
const KEY_PROPERTY = /kms|key(id|arn)$/i;

/** Calls `found` with every known string under `v`, and `unknown` with every unknown key-like property. */
function walk(
  v: unknown,
  name: string,
  depth: number,
  found: (s: string) => void,
  unknown: (k: Known<unknown>) => void,
): void {
  if (typeof v === "string") found(v);
  else if (depth > 0 && typeof v === "object" && v !== null) {
    for (const k of Object.keys(v)) {
      const child = read(() => (v as Props)[k]);
      const childName = Array.isArray(v) ? name : k;
      if (child.known) walk(child.value, childName, depth - 1, found, unknown);
      else if (KEY_PROPERTY.test(childName)) unknown(child);
    }
  }
}

export interface KeyUse {
  property: string;
  key: PolicyResource;
}

/**
 * The stack keys a resource encrypts with: a property depending on a key or an alias (at
 * preview, when the ARN is unknown), or a known value naming one. An unknown key-like property
 * that depends on no key is noted as unknown.
 */
export function keysUsedBy(r: PolicyResource, stack: readonly PolicyResource[], unknowns: Unknowns): KeyUse[] {
  if (KMS_MANAGEMENT_TYPES.includes(r.type) || !KEY_CONSUMER_PACKAGES.includes(r.type.split(":")[0])) return [];
  const uses: KeyUse[] = [];
  const add = (property: string, key: PolicyResource | undefined) => {
    if (key && !uses.some((u) => u.key.urn === key.urn)) uses.push({ property, key });
  };
  const viaDeps = new Set<string>();
  for (const [property, deps] of Object.entries(r.propertyDependencies)) {
    for (const d of deps) {
      const key = isKey(d) ? d : d.type === KEY_ALIAS_TYPE ? aliasTarget(d, stack) : undefined;
      if (key) viaDeps.add(property);
      add(property, key);
    }
  }
  for (const property of Object.keys(r.props)) {
    // a property that depends on a stack key is resolved: its unknown parts are that key's outputs
    const note = (k: Known<unknown>) => {
      if (!k.known && !viaDeps.has(property)) unknowns.note(k);
    };
    const v = read(() => r.props[property]);
    if (v.known) walk(v.value, property, 6, (s) => add(property, keyForRef(s, stack)), note);
    else if (KEY_PROPERTY.test(property)) note(v);
  }
  return uses;
}

export function customerKeys(stack: readonly PolicyResource[]): PolicyResource[] {
  return ofTypes([...stack], KEY_TYPES);
}

export function quote(v: string | undefined): string {
  return v === undefined ? "(none)" : JSON.stringify(v);
}
