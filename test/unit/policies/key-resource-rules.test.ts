import type { Policy } from "@pulumi/policy";
import { iamKmsDecryptAllKeys } from "../../../policies/src/rules/key-management/iam-kms-decrypt-all-keys";
import { kmsGrantNoWildcard } from "../../../policies/src/rules/key-management/kms-grant-no-wildcard";
import { kmsKeyDeletionWindow } from "../../../policies/src/rules/key-management/kms-key-deletion-window";
import { kmsKeyDescription } from "../../../policies/src/rules/key-management/kms-key-description";
import { kmsKeyEnabled } from "../../../policies/src/rules/key-management/kms-key-enabled";
import { kmsKeyOrigin } from "../../../policies/src/rules/key-management/kms-key-origin";
import { kmsKeyPolicyLeastPrivilege } from "../../../policies/src/rules/key-management/kms-key-policy-least-privilege";
import { kmsKeyPolicyLockoutCheck } from "../../../policies/src/rules/key-management/kms-key-policy-lockout-check";
import { kmsKeyRotation } from "../../../policies/src/rules/key-management/kms-key-rotation";
import { kmsKeyTags } from "../../../policies/src/rules/key-management/kms-key-tags";
import { kmsKeyUsage } from "../../../policies/src/rules/key-management/kms-key-usage";
import { WireObject } from "../../../engine/src/wire";
import { analyze, outcome, Outcome, resource, UNKNOWN } from "../../harness/policy-harness";

const KEY = "aws:kms/key:Key";
const REPLICA = "aws:kms/replicaKey:ReplicaKey";
const EXTERNAL = "aws:kms/externalKey:ExternalKey";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
const GRANT = "aws:kms/grant:Grant";
const BUCKET = "aws:s3/bucket:Bucket";
const TAGS = { tenant: "demo", environment: "dev", purpose: "data" };
/** The shape TenantKeyring creates. */
const GOOD_KEY = {
  description: "ePHI data key for tenant demo (dev)",
  keyUsage: "ENCRYPT_DECRYPT",
  customerMasterKeySpec: "SYMMETRIC_DEFAULT",
  enableKeyRotation: true,
  rotationPeriodInDays: 365,
  deletionWindowInDays: 30,
  tags: TAGS,
};

async function run(policy: Policy, type: string, props: WireObject, provider?: WireObject): Promise<Outcome> {
  const r = resource(type, "k", props);
  return outcome(
    await analyze(
      policy,
      provider
        ? { ...r, provider: { urn: "urn:p", type: "pulumi:providers:aws", name: "p", properties: provider } }
        : r,
    ),
  );
}
const pass: Outcome = { violations: [], unknownAtPreview: false, notApplicable: false };
const violation = (re: RegExp): Outcome => ({
  violations: [expect.stringMatching(re)] as never,
  unknownAtPreview: false,
  notApplicable: false,
});
const notApplicable: Outcome = { violations: [], unknownAtPreview: false, notApplicable: true };
const unknown: Outcome = { violations: [], unknownAtPreview: true, notApplicable: false };
/** Wrong shapes: strings for numbers, arrays for objects, numbers for strings; rules must report or pass, never throw. */
const GARBAGE: WireObject[] = [
  { tags: [1, 2] as never, description: 7, deletionWindowInDays: "30", policy: 42, keyUsage: [] as never },
  { rotationPeriodInDays: { a: 1 } as never, enableKeyRotation: "yes", customerMasterKeySpec: 3 },
];

type Case = [string, string, WireObject, Outcome];

function suite(policy: Policy, cases: Case[]) {
  describe(policy.name, () => {
    test.each(cases)("%s", async (_name, type, props, expected) => {
      expect(await run(policy, type, props)).toEqual(expected);
    });
    test.each(GARBAGE)("wrong shapes never throw: %j", async (props) => {
      await expect(run(policy, KEY, props)).resolves.toBeDefined();
    });
  });
}

suite(kmsKeyRotation, [
  ["compliant: rotation on, 365 days", KEY, GOOD_KEY, pass],
  ["compliant: rotation on, period unset (AWS default 365)", KEY, { enableKeyRotation: true }, pass],
  ["non-compliant: rotation unset (AWS default off)", KEY, {}, violation(/enableKeyRotation is null/)],
  [
    "non-compliant: rotation false",
    KEY,
    { ...GOOD_KEY, enableKeyRotation: false },
    violation(/automatic rotation is off/),
  ],
  [
    "non-compliant: period above the maximum",
    KEY,
    { ...GOOD_KEY, rotationPeriodInDays: 730 },
    violation(/730 is longer than the maximum of 365/),
  ],
  [
    "non-compliant: period outside AWS's range",
    KEY,
    { ...GOOD_KEY, rotationPeriodInDays: 30 },
    violation(/not an integer from 90 to 2560/),
  ],
  ["not applicable: an asymmetric key", KEY, { customerMasterKeySpec: "RSA_2048" }, notApplicable],
  ["not applicable: a CloudHSM key store key", KEY, { customKeyStoreId: "cks-1" }, notApplicable],
  ["not applicable: another type", BUCKET, {}, notApplicable],
  ["unknown at preview: rotation flag", KEY, { ...GOOD_KEY, enableKeyRotation: UNKNOWN }, unknown],
  ["update: the known flag decides", KEY, { ...GOOD_KEY, enableKeyRotation: false }, violation(/off/)],
]);

suite(kmsKeyDeletionWindow, [
  ["compliant: 30 days", KEY, GOOD_KEY, pass],
  ["compliant: unset (AWS default 30)", KEY, {}, pass],
  ["compliant: a replica with 30 days", REPLICA, { deletionWindowInDays: 30 }, pass],
  ["non-compliant: 7 days", KEY, { deletionWindowInDays: 7 }, violation(/7 is shorter than the minimum of 30/)],
  ["non-compliant: an external key with 10 days", EXTERNAL, { deletionWindowInDays: 10 }, violation(/shorter/)],
  ["non-compliant: a string", KEY, { deletionWindowInDays: "30" }, violation(/"30" is not an integer/)],
  ["not applicable: an alias", "aws:kms/alias:Alias", {}, notApplicable],
  ["unknown at preview", KEY, { deletionWindowInDays: UNKNOWN }, unknown],
]);

suite(kmsKeyPolicyLockoutCheck, [
  ["compliant: unset", KEY, GOOD_KEY, pass],
  ["compliant: false on a key policy", KEY_POLICY, { bypassPolicyLockoutSafetyCheck: false }, pass],
  ["non-compliant: true", KEY, { bypassPolicyLockoutSafetyCheck: true }, violation(/locks every administrator out/)],
  [
    "non-compliant: the string true on a key policy",
    KEY_POLICY,
    { bypassPolicyLockoutSafetyCheck: "true" },
    violation(/true/),
  ],
  ["non-compliant: a replica", REPLICA, { bypassPolicyLockoutSafetyCheck: true }, violation(/true/)],
  ["not applicable: a grant", GRANT, {}, notApplicable],
  ["unknown at preview", KEY, { bypassPolicyLockoutSafetyCheck: UNKNOWN }, unknown],
]);

suite(kmsKeyDescription, [
  ["compliant", KEY, GOOD_KEY, pass],
  ["non-compliant: missing", KEY, {}, violation(/description null is empty or missing/)],
  ["non-compliant: blank", REPLICA, { description: "  " }, violation(/empty/)],
  ["not applicable", BUCKET, {}, notApplicable],
  ["unknown at preview", KEY, { description: UNKNOWN }, unknown],
]);

suite(kmsKeyEnabled, [
  ["compliant: unset (enabled)", KEY, GOOD_KEY, pass],
  ["compliant: a replica explicitly enabled", REPLICA, { enabled: true }, pass],
  ["non-compliant: a disabled key", KEY, { ...GOOD_KEY, isEnabled: false }, violation(/isEnabled is false/)],
  ["non-compliant: a disabled external key", EXTERNAL, { enabled: false }, violation(/enabled is false/)],
  ["not applicable", GRANT, {}, notApplicable],
  ["unknown at preview", KEY, { isEnabled: UNKNOWN }, unknown],
]);

suite(kmsKeyOrigin, [
  ["compliant: KMS-generated", KEY, GOOD_KEY, pass],
  ["compliant: a CloudHSM key store", KEY, { customKeyStoreId: "cks-1" }, pass],
  ["non-compliant: imported material", EXTERNAL, {}, violation(/origin EXTERNAL: the key material is imported/)],
  [
    "non-compliant: an external key store",
    KEY,
    { customKeyStoreId: "cks-1", xksKeyId: "x" },
    violation(/EXTERNAL_KEY_STORE/),
  ],
  ["not applicable: a replica (its primary is judged)", REPLICA, {}, notApplicable],
  ["unknown at preview", KEY, { customKeyStoreId: UNKNOWN }, unknown],
]);

suite(kmsKeyUsage, [
  ["compliant", KEY, GOOD_KEY, pass],
  ["compliant: defaults", EXTERNAL, {}, pass],
  [
    "non-compliant: a signing key",
    KEY,
    { keyUsage: "SIGN_VERIFY", customerMasterKeySpec: "ECC_NIST_P256" },
    {
      ...pass,
      violations: [expect.stringMatching(/keyUsage "SIGN_VERIFY"/), expect.stringMatching(/ECC_NIST_P256/)] as never,
    },
  ],
  [
    "non-compliant: asymmetric encryption",
    EXTERNAL,
    { keySpec: "RSA_4096" },
    violation(/keySpec "RSA_4096" is not a symmetric/),
  ],
  [
    "non-compliant: HMAC",
    KEY,
    { keyUsage: "GENERATE_VERIFY_MAC", customerMasterKeySpec: "HMAC_256" },
    { ...pass, violations: [expect.stringMatching(/GENERATE_VERIFY_MAC/), expect.stringMatching(/HMAC_256/)] as never },
  ],
  ["not applicable: a replica", REPLICA, {}, notApplicable],
  ["unknown at preview", KEY, { keyUsage: UNKNOWN }, unknown],
]);

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
suite(kmsKeyPolicyLeastPrivilege, [
  [
    "compliant: named principals",
    KEY,
    {
      policy: doc({
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111122223333:role/app" },
        Action: "kms:Decrypt",
        Resource: "*",
      }),
    },
    pass,
  ],
  [
    "compliant: no policy (the default policy grants the account, not *; separation-of-duties reports it)",
    KEY,
    GOOD_KEY,
    pass,
  ],
  [
    "non-compliant: kms:* to *",
    KEY,
    { policy: doc({ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }) },
    violation(/allows kms:Decrypt.* to Principal "\*"/),
  ],
  [
    "non-compliant: CloudWatch Logs without its condition, on a KeyPolicy",
    KEY_POLICY,
    {
      keyId: "k",
      policy: doc({
        Effect: "Allow",
        Principal: { Service: "logs.eu-west-1.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
      }),
    },
    violation(/aws:logs:arn/),
  ],
  [
    "non-compliant: garbage",
    KEY,
    { policy: "{not json" },
    violation(/not valid JSON, so its grants cannot be verified/),
  ],
  ["non-compliant: wrong type", KEY, { policy: 42 }, violation(/not a JSON object/)],
  ["not applicable", GRANT, {}, notApplicable],
  ["unknown at preview", KEY, { policy: UNKNOWN }, unknown],
]);

suite(kmsGrantNoWildcard, [
  [
    "compliant",
    GRANT,
    { granteePrincipal: "arn:aws:iam::111122223333:role/app", operations: ["Decrypt"], keyId: "k" },
    pass,
  ],
  [
    "non-compliant: grantee *",
    GRANT,
    { granteePrincipal: "*", operations: ["Decrypt"] },
    violation(/granteePrincipal "\*" is a wildcard/),
  ],
  [
    "non-compliant: retiring wildcard",
    GRANT,
    { granteePrincipal: "arn:aws:iam::111122223333:role/app", retiringPrincipal: "arn:aws:iam::111122223333:role/*" },
    violation(/retiringPrincipal/),
  ],
  [
    "non-compliant: grantee not a string",
    GRANT,
    { granteePrincipal: ["a"] as never },
    violation(/not a principal ARN/),
  ],
  ["not applicable", KEY, {}, notApplicable],
  ["unknown at preview", GRANT, { granteePrincipal: UNKNOWN }, unknown],
]);

suite(kmsKeyTags, [
  ["compliant", KEY, GOOD_KEY, pass],
  [
    "non-compliant: no tags",
    KEY,
    {},
    violation(/no tenant tag \(tenant\), environment tag \(environment\), purpose tag \(purpose\)/),
  ],
  [
    "non-compliant: a blank purpose on a replica",
    REPLICA,
    { tags: { ...TAGS, purpose: " " } },
    violation(/no purpose tag/),
  ],
  ["not applicable", BUCKET, {}, notApplicable],
  ["unknown at preview", KEY, { tags: UNKNOWN }, unknown],
]);

const iamDoc = (Action: string, Resource: string) => doc({ Effect: "Allow", Action, Resource });
suite(iamKmsDecryptAllKeys, [
  [
    "compliant: a role policy naming the tenant key",
    "aws:iam/rolePolicy:RolePolicy",
    { policy: iamDoc("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1") },
    pass,
  ],
  ["compliant: a role without inline policies", "aws:iam/role:Role", { assumeRolePolicy: "{}" }, pass],
  [
    "non-compliant: a managed policy with kms:* on *",
    "aws:iam/policy:Policy",
    { policy: iamDoc("kms:*", "*") },
    violation(/policy: statement #0 allows kms:Decrypt/),
  ],
  [
    "non-compliant: a role's inline policy",
    "aws:iam/role:Role",
    { inlinePolicies: [{ name: "app", policy: iamDoc("kms:Decrypt", "*") }] },
    violation(/inline policy app: .*every KMS key/),
  ],
  [
    "non-compliant: a user policy that is not JSON",
    "aws:iam/userPolicy:UserPolicy",
    { policy: "nope" },
    violation(/identity policy is not valid JSON/),
  ],
  ["not applicable", KEY, {}, notApplicable],
  [
    "unknown at preview: a document built from outputs",
    "aws:iam/groupPolicy:GroupPolicy",
    { policy: UNKNOWN },
    unknown,
  ],
]);

describe("kms-key-tags with provider defaultTags", () => {
  test("compliant: tenant and environment from the provider (JSON-encoded as provider inputs are), purpose on the key", async () => {
    const provider = { defaultTags: JSON.stringify({ tags: { tenant: "demo", environment: "dev" } }) };
    expect(await run(kmsKeyTags, KEY, { tags: { purpose: "data" } }, provider)).toEqual(pass);
  });
  test("non-compliant: garbage defaultTags count as none", async () => {
    expect(await run(kmsKeyTags, KEY, { tags: { purpose: "data" } }, { defaultTags: "{x" })).toEqual(
      violation(/no tenant tag/),
    );
  });
});
