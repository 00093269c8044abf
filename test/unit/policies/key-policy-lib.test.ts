import fc from "fast-check";
import {
  allKeyDecrypts,
  dutyConflicts,
  parseKeyPolicy,
  Statement,
  unpinnedServiceGrants,
  wildcardGrants,
} from "../../../policies/src/lib/key-policy";

const ACCOUNT = "111122223333";
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/key-admin`;
const APP = `arn:aws:iam::${ACCOUNT}:role/app`;

function statements(...s: object[]): Statement[] {
  const parsed = parseKeyPolicy(JSON.stringify({ Version: "2012-10-17", Statement: s }));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.statements;
}
const allow = (principal: unknown, action: unknown, extra: object = {}) => ({
  Effect: "Allow",
  Principal: principal,
  Action: action,
  Resource: "*",
  ...extra,
});

describe("parseKeyPolicy", () => {
  test("reads a string or an object, a single statement or a list, and a bare account id as its root", () => {
    const one = parseKeyPolicy({ Statement: allow({ AWS: ACCOUNT }, "kms:*") });
    expect(one.ok && one.statements[0].aws).toEqual([`arn:aws:iam::${ACCOUNT}:root`]);
    expect(parseKeyPolicy(JSON.stringify({ Statement: [allow("*", "kms:Decrypt")] }))).toMatchObject({
      ok: true,
      statements: [{ anyone: true }],
    });
  });

  test.each([
    ["not JSON", "{nope", /not valid JSON/],
    ["not an object", "[1,2]", /not a JSON object/],
    ["no statements", { Statement: [] }, /no Statement/],
    ["a statement that is not an object", { Statement: ["x"] }, /statement 0 is not an object/],
    ["a bad Effect", { Statement: [{ Effect: "Maybe", Principal: "*", Action: "kms:*" }] }, /Effect "Maybe"/],
    [
      "no Principal",
      { Statement: [{ Sid: "S", Effect: "Allow", Action: "kms:*" }] },
      /statement S has no readable Principal/,
    ],
    ["no Action", { Statement: [{ Effect: "Allow", Principal: "*" }] }, /has no Action/],
  ])("a policy with %s is a reason, not a throw", (_name, doc, reason) => {
    const parsed = parseKeyPolicy(doc);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });

  test("never throws, whatever the input", () => {
    fc.assert(fc.property(fc.anything(), (doc) => void parseKeyPolicy(doc)));
    fc.assert(fc.property(fc.json(), (doc) => void parseKeyPolicy(doc)));
  });
});

describe("wildcardGrants", () => {
  test.each([
    ["kms:* to *", allow("*", "kms:*"), ["kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:CreateGrant"]],
    ["Decrypt to AWS *", allow({ AWS: ["*"] }, "kms:Decrypt"), ["kms:Decrypt"]],
    ["a lower-case pattern", allow("*", "kms:reencrypt*"), ["kms:ReEncryptFrom", "kms:ReEncryptTo"]],
    ["NotAction leaving Decrypt", allow("*", undefined, { NotAction: "kms:Encrypt" }), ["kms:Decrypt"]],
    [
      "NotPrincipal with Allow",
      { Effect: "Allow", NotPrincipal: { AWS: ADMIN }, Action: "kms:CreateGrant" },
      ["kms:CreateGrant"],
    ],
    [
      "an IfExists condition",
      allow("*", "kms:Decrypt", { Condition: { StringEqualsIfExists: { "kms:CallerAccount": ACCOUNT } } }),
      ["kms:Decrypt"],
    ],
    [
      "a negated condition",
      allow("*", "kms:Decrypt", { Condition: { StringNotEquals: { "aws:PrincipalAccount": "999999999999" } } }),
      ["kms:Decrypt"],
    ],
    [
      "kms:ViaService alone",
      allow("*", "kms:Decrypt", { Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } }),
      ["kms:Decrypt"],
    ],
    [
      "an ARN pattern with a wildcard account",
      allow("*", "kms:Decrypt", { Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/app" } } }),
      ["kms:Decrypt"],
    ],
    [
      "a condition value of *",
      allow("*", "kms:Decrypt", { Condition: { StringLike: { "aws:PrincipalArn": "*" } } }),
      ["kms:Decrypt"],
    ],
  ])("flags %s", (_name, s, actions) => {
    expect(wildcardGrants(statements(s)).map((f) => f.actions)).toEqual([expect.arrayContaining(actions)]);
  });

  test.each([
    ["a named principal", allow({ AWS: APP }, "kms:*")],
    ["Encrypt only", allow("*", ["kms:Encrypt", "kms:DescribeKey"])],
    [
      "a pinning condition (keys case-insensitive)",
      allow("*", "kms:Decrypt", {
        Condition: { StringEquals: { "KMS:CallerAccount": ACCOUNT, "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
      }),
    ],
    ["an org condition", allow("*", "kms:*", { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } })],
    ["a Deny", { Effect: "Deny", Principal: "*", Action: "kms:*" }],
  ])("passes %s", (_name, s) => {
    expect(wildcardGrants(statements(s))).toEqual([]);
  });
});

describe("unpinnedServiceGrants", () => {
  const logs = { Service: "logs.us-east-1.amazonaws.com" };
  const trail = { Service: "cloudtrail.amazonaws.com" };
  test("CloudWatch Logs needs kms:EncryptionContext:aws:logs:arn", () => {
    expect(
      unpinnedServiceGrants(statements(allow(logs, ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"])))[0]
        .message,
    ).toMatch(/kms:EncryptionContext:aws:logs:arn \(CloudWatch Logs/);
    const pinned = allow(logs, "kms:Encrypt*", {
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*` } },
    });
    expect(unpinnedServiceGrants(statements(pinned))).toEqual([]);
  });

  test("CloudTrail accepts aws:SourceArn or its encryption context; DescribeKey alone needs nothing", () => {
    expect(unpinnedServiceGrants(statements(allow(trail, "kms:GenerateDataKey*")))).toHaveLength(1);
    const bySource = allow(trail, "kms:GenerateDataKey*", {
      Condition: { StringEquals: { "aws:SourceArn": `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t` } },
    });
    expect(unpinnedServiceGrants(statements(bySource, allow(trail, "kms:DescribeKey")))).toEqual([]);
  });

  test("another service falls back to aws:SourceAccount / aws:SourceArn", () => {
    const sns = { Service: ["sns.amazonaws.com"] };
    expect(unpinnedServiceGrants(statements(allow(sns, "kms:Decrypt")))[0].message).toMatch(
      /aws:SourceAccount or aws:SourceArn/,
    );
    expect(
      unpinnedServiceGrants(
        statements(allow(sns, "kms:Decrypt", { Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } })),
      ),
    ).toEqual([]);
  });
});

describe("dutyConflicts", () => {
  const adminActions = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
  ];
  const useActions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

  test("separate administrators and users pass", () => {
    expect(
      dutyConflicts(
        statements(
          allow(
            { AWS: ADMIN },
            adminActions.filter((a) => a !== "kms:Create*"),
          ),
          allow({ AWS: APP }, useActions),
        ),
      ),
    ).toEqual([]);
  });

  test("the root with kms:* is both", () => {
    expect(dutyConflicts(statements(allow({ AWS: ACCOUNT }, "kms:*")))).toEqual([
      expect.objectContaining({
        principal: `arn:aws:iam::${ACCOUNT}:root`,
        use: expect.arrayContaining(["kms:Decrypt"]),
      }),
    ]);
  });

  test("kms:Create* includes CreateGrant, a use action", () => {
    expect(dutyConflicts(statements(allow({ AWS: ADMIN }, adminActions)))).toEqual([
      expect.objectContaining({ principal: ADMIN, use: ["kms:CreateGrant"] }),
    ]);
  });

  test("an administrator who is also a user in a second statement", () => {
    expect(
      dutyConflicts(
        statements(allow({ AWS: [ADMIN] }, "kms:PutKeyPolicy"), allow({ AWS: [APP, ADMIN] }, "kms:Decrypt")),
      ),
    ).toEqual([{ principal: ADMIN, admin: ["kms:PutKeyPolicy"], use: ["kms:Decrypt"] }]);
  });

  test("an unconditioned Deny of the use actions removes the conflict; a conditioned one does not", () => {
    const deny = (condition?: object) => ({
      Effect: "Deny",
      Principal: { AWS: ADMIN },
      Action: [
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:CreateGrant",
        "kms:Sign",
        "kms:GenerateMac",
      ],
      ...(condition ? { Condition: condition } : {}),
    });
    expect(dutyConflicts(statements(allow({ AWS: ADMIN }, "kms:*"), deny()))).toEqual([]);
    expect(
      dutyConflicts(
        statements(allow({ AWS: ADMIN }, "kms:*"), deny({ Bool: { "aws:MultiFactorAuthPresent": "false" } })),
      ),
    ).toHaveLength(1);
  });

  test("service principals are not administrators", () => {
    expect(dutyConflicts(statements(allow({ Service: "logs.us-east-1.amazonaws.com" }, "kms:*")))).toEqual([]);
  });
});

describe("allKeyDecrypts (identity policies)", () => {
  const identity = (...s: object[]) => {
    const parsed = parseKeyPolicy({ Version: "2012-10-17", Statement: s }, "identity");
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.statements;
  };
  const stmt = (Action: unknown, Resource: unknown, extra: object = {}) => ({
    Effect: "Allow",
    Action,
    Resource,
    ...extra,
  });

  test.each([
    ["kms:* on *", stmt("kms:*", "*"), ["kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo"]],
    [
      "Decrypt on every key of the account",
      stmt("kms:Decrypt", `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`),
      ["kms:Decrypt"],
    ],
    ["Decrypt on any region and account", stmt(["kms:Decrypt"], "arn:aws:kms:*:*:*"), ["kms:Decrypt"]],
    [
      "NotResource",
      stmt("kms:Decrypt", undefined, { NotResource: "arn:aws:kms:us-east-1:111122223333:key/x" }),
      ["kms:Decrypt"],
    ],
    [
      "only kms:ViaService",
      stmt("kms:Decrypt", "*", { Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } }),
      ["kms:Decrypt"],
    ],
  ])("flags %s", (_name, s, actions) => {
    expect(allKeyDecrypts(identity(s)).map((f) => f.actions)).toEqual([actions]);
  });

  test.each([
    ["a named key", stmt("kms:Decrypt", `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234`)],
    ["Encrypt only", stmt(["kms:Encrypt", "kms:GenerateDataKey*"], "*")],
    [
      "a resource-tag condition (prefix key)",
      stmt("kms:Decrypt", "*", { Condition: { StringEquals: { "aws:ResourceTag/tenant": "demo" } } }),
    ],
    [
      "an encryption-context condition",
      stmt("kms:Decrypt", "*", {
        Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::demo-*" } },
      }),
    ],
    ["a Deny", { Effect: "Deny", Action: "kms:*", Resource: "*" }],
  ])("passes %s", (_name, s) => {
    expect(allKeyDecrypts(identity(s))).toEqual([]);
  });

  test("an identity policy needs no Principal; an unreadable one is a reason", () => {
    expect(
      parseKeyPolicy({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }, "identity").ok,
    ).toBe(true);
    expect(parseKeyPolicy("{", "identity")).toEqual({ ok: false, reason: "the identity policy is not valid JSON" });
  });
});
