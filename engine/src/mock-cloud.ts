import { createHash } from "crypto";

/**
 * What the offline engine answers in place of AWS. Preview semantics: no id and only the inputs
 * come back, so every computed output is unknown, as on a first `pulumi preview`. Update
 * semantics: deterministic ids and the computed outputs policies read (ARNs, key ids, names).
 */
export interface MockCloudOptions {
  preview: boolean;
  region: string;
  accountId: string;
}

export const MOCK_ACCOUNT_ID = "111122223333";

function shortHash(s: string): string {
  return createHash("sha256").update(s).digest("hex").slice(0, 7);
}

/** `aws:s3/bucket:Bucket` -> service `s3`, kind `bucket` */
function tokenParts(type: string): { pkg: string; service: string; kind: string } {
  const [pkg, mod = "", kind = ""] = type.split(":");
  return { pkg, service: mod.split("/")[0], kind: kind.charAt(0).toLowerCase() + kind.slice(1) };
}

export function mockNewResource(
  o: MockCloudOptions,
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): { id: string | undefined; state: Record<string, unknown> } {
  if (o.preview) return { id: undefined, state: { ...inputs } };
  const { pkg, service, kind } = tokenParts(type);
  if (pkg !== "aws") return { id: `${name}-${shortHash(type + name)}`, state: { ...inputs } };
  const physical = `${name}-${shortHash(type + name)}`;
  const state: Record<string, unknown> = { ...inputs };
  let id = physical;
  if (type === "aws:s3/bucket:Bucket" || type === "aws:s3/bucketV2:BucketV2") {
    const bucket = (inputs.bucket as string | undefined) ?? physical;
    id = bucket;
    Object.assign(state, { bucket, arn: `arn:aws:s3:::${bucket}`, region: o.region });
  } else if (type === "aws:kms/key:Key") {
    id = createHash("sha256")
      .update(name)
      .digest("hex")
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, "$1-$2-$3-$4-$5");
    Object.assign(state, { keyId: id, arn: `arn:aws:kms:${o.region}:${o.accountId}:key/${id}` });
  } else if (type === "aws:kms/alias:Alias") {
    id = String(inputs.name ?? `alias/${physical}`);
    Object.assign(state, { arn: `arn:aws:kms:${o.region}:${o.accountId}:${id}` });
  } else {
    state.arn = `arn:aws:${service}:${o.region}:${o.accountId}:${kind}/${physical}`;
  }
  state.id = id;
  return { id, state };
}

interface PolicyStatementInput {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

/** The invokes the components rely on; anything else echoes its inputs, as Pulumi's default mocks do. */
export function mockInvoke(
  o: MockCloudOptions,
  token: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: o.accountId, arn: `arn:aws:iam::${o.accountId}:user/ephi-guard-offline`, userId: "OFFLINE" };
    case "aws:index/getRegion:getRegion":
      return { name: o.region, region: o.region, id: o.region };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return { json: JSON.stringify(policyDocument((inputs.statements as PolicyStatementInput[]) ?? [])) };
    default:
      return inputs;
  }
}

function policyDocument(statements: PolicyStatementInput[]): object {
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => {
      const st: Record<string, unknown> = { Effect: s.effect ?? "Allow" };
      if (s.sid) st.Sid = s.sid;
      if (s.actions) st.Action = s.actions;
      if (s.notActions) st.NotAction = s.notActions;
      if (s.resources) st.Resource = s.resources;
      if (s.notResources) st.NotResource = s.notResources;
      if (s.principals) {
        st.Principal = Object.fromEntries(s.principals.map((p) => [p.type === "*" ? "AWS" : p.type, p.identifiers]));
      }
      if (s.conditions) {
        const cond: Record<string, Record<string, string[]>> = {};
        for (const c of s.conditions) (cond[c.test] ??= {})[c.variable] = c.values;
        st.Condition = cond;
      }
      return st;
    }),
  };
}
