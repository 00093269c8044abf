import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { allKeyDecrypts, parseKeyPolicy } from "../../lib/key-policy";
import { asArray, asObject, asString, forTypes, Props } from "../../lib/values";

/** IAM policy resources and where their documents are; a role's inline policies are a list of `{name, policy}`. */
const DOCUMENTS: Record<string, (props: Props) => { label: string; doc: unknown }[]> = {
  "aws:iam/policy:Policy": (p) => [{ label: "policy", doc: p.policy }],
  "aws:iam/rolePolicy:RolePolicy": (p) => [{ label: "policy", doc: p.policy }],
  "aws:iam/userPolicy:UserPolicy": (p) => [{ label: "policy", doc: p.policy }],
  "aws:iam/groupPolicy:GroupPolicy": (p) => [{ label: "policy", doc: p.policy }],
  "aws:iam/role:Role": (p) =>
    asArray(p.inlinePolicies).flatMap((ip, i) => {
      const o = asObject(ip);
      return o?.policy === undefined ? [] : [{ label: `inline policy ${asString(o.name) ?? i}`, doc: o.policy }];
    }),
};

export const iamKmsDecryptAllKeys = resourcePolicy(
  {
    id: "iam-kms-decrypt-all-keys",
    description:
      'IAM policies do not allow kms:Decrypt or kms:ReEncrypt* on every KMS key (Resource "*") unless a condition selects the keys (resource tag, alias or encryption context).',
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest],
    severity: "high",
    remediationSteps:
      "Name the tenant's key ARNs in Resource, or add a condition such as aws:ResourceTag/tenant or kms:EncryptionContext:aws:s3:arn; never grant kms:* to an identity.",
  },
  {
    validateResource: forTypes(Object.keys(DOCUMENTS), (props, args, report) => {
      for (const { label, doc } of DOCUMENTS[args.type](props)) {
        const parsed = parseKeyPolicy(doc, "identity");
        if (!parsed.ok) report(`${label}: ${parsed.reason}, so its KMS permissions cannot be verified`);
        else for (const f of allKeyDecrypts(parsed.statements)) report(`${label}: ${f.message}`);
      }
    }),
  },
);
