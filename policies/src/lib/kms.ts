import type { PolicyResource } from "@pulumi/policy";

/** Resources whose key material the customer controls (key policy, rotation, deletion). */
export const CUSTOMER_KEY_TYPES = [
  "aws:kms/key:Key",
  "aws:kms/replicaKey:ReplicaKey",
  "aws:kms/externalKey:ExternalKey",
  "aws:kms/replicaExternalKey:ReplicaExternalKey",
] as const;
export const KEY_ALIAS_TYPE = "aws:kms/alias:Alias";

/** `alias/aws/<service>` names an AWS-managed key, bare or inside an alias ARN. */
const AWS_MANAGED_ALIAS = /^(arn:aws[a-z-]*:kms:[a-z0-9-]*:\d{12}:)?alias\/aws\//;

export type KeyReference =
  | { kind: "aws-managed"; ref: string }
  | { kind: "customer-managed"; ref: string; via: string }
  | { kind: "unverified"; ref: string };

/** Each stack's customer key ids, ARNs and alias names, built once per AnalyzeStack request. */
const keyIndexes = new WeakMap<readonly PolicyResource[], Map<string, string>>();

function keyIndex(stack: readonly PolicyResource[]): Map<string, string> {
  let index = keyIndexes.get(stack);
  if (!index) {
    index = new Map();
    for (const r of stack) {
      if (!(CUSTOMER_KEY_TYPES as readonly string[]).includes(r.type) && r.type !== KEY_ALIAS_TYPE) continue;
      for (const k of ["arn", "id", "keyId", "name", "targetKeyArn"]) {
        const v = safeString(r.props, k);
        if (v && !index.has(v)) index.set(v, r.urn);
      }
    }
    keyIndexes.set(stack, index);
  }
  return index;
}

/** Classifies a known key id, key ARN, alias name or alias ARN against the keys in the stack. */
export function classifyKeyRef(ref: string, stack: readonly PolicyResource[]): KeyReference {
  if (AWS_MANAGED_ALIAS.test(ref)) return { kind: "aws-managed", ref };
  const via = keyIndex(stack).get(ref);
  return via ? { kind: "customer-managed", ref, via } : { kind: "unverified", ref };
}

/** For a value unknown at preview: the customer-managed key (or alias) the property was built from. */
export function keyFromDependencies(deps: readonly PolicyResource[] | undefined): PolicyResource | undefined {
  return (deps ?? []).find(
    (d) => (CUSTOMER_KEY_TYPES as readonly string[]).includes(d.type) || d.type === KEY_ALIAS_TYPE,
  );
}

function safeString(props: Record<string, unknown>, key: string): string | undefined {
  try {
    const v = props[key];
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined; // unknown at preview: cannot match a literal
  }
}
