import { backupKeySeparateFromData } from "../../../policies/src/rules/key-management/backup-key-separate-from-data";
import { aliasRegex, kmsAliasNaming } from "../../../policies/src/rules/key-management/kms-alias-naming";
import { kmsKeySeparationOfDuties } from "../../../policies/src/rules/key-management/kms-key-separation-of-duties";
import { kmsKeyTenantSeparation } from "../../../policies/src/rules/key-management/kms-key-tenant-separation";
import { kmsReplicaKeyHygiene } from "../../../policies/src/rules/key-management/kms-replica-key-hygiene";
import { WireObject } from "../../../engine/src/wire";
import { analyzeStack, outcome, resource, UNKNOWN } from "../../harness/policy-harness";

const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const QUEUE = "aws:sqs/queue:Queue";
const VAULT = "aws:backup/vault:Vault";
const DB = "aws:rds/instance:Instance";
const ARN = (id: string) => `arn:aws:kms:us-east-1:111122223333:key/${id}`;
const tags = (tenant: string, environment: string, purpose = "data") => ({ tenant, environment, purpose });
/** A key as the engine sends it at preview: ids unknown. */
const key = (name: string, t: object, extra: object = {}) =>
  resource(KEY, name, { tags: t as never, arn: UNKNOWN, keyId: UNKNOWN, id: UNKNOWN, ...extra });
/** The same key after apply (update, or a state file): ids known. */
const knownKey = (name: string, id: string, t: object) =>
  resource(KEY, name, { tags: t as never, arn: ARN(id), keyId: id, id });
const sseWith = (name: string, k: ReturnType<typeof resource>) =>
  resource(
    SSE,
    name,
    {
      bucket: "b",
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN } }],
    },
    { rules: [k] },
  );

/** Violation messages without the policy description the SDK puts on their first line. */
const strip = (vs: string[]) => vs.map((v) => v.slice(v.indexOf("\n") + 1));
const messages = (resp: Parameters<typeof outcome>[0]) => strip(outcome(resp).violations);

const savedConfig = process.env.PULUMI_CONFIG;
afterEach(() => {
  if (savedConfig === undefined) delete process.env.PULUMI_CONFIG;
  else process.env.PULUMI_CONFIG = savedConfig;
});
const stackIs = (tenant: string, environment: string) => {
  process.env.PULUMI_CONFIG = JSON.stringify({ "ephi-clinic:tenant": tenant, "ephi-clinic:environment": environment });
};

describe("kms-key-tenant-separation", () => {
  const demoDev = key("demo-dev-data", tags("demo", "dev"));
  const demoProd = key("demo-prod-data", tags("demo", "prod"));
  const acmeDev = key("acme-dev-data", tags("acme", "dev"));

  test("compliant at preview: resources resolve their key through propertyDependencies, untagged ones take the stack's tenant", async () => {
    stackIs("demo", "dev");
    const queue = resource(
      QUEUE,
      "q",
      { kmsMasterKeyId: UNKNOWN, tags: tags("demo", "dev") },
      { kmsMasterKeyId: [demoDev] },
    );
    const o = outcome(await analyzeStack(kmsKeyTenantSeparation, [demoDev, queue, sseWith("docs-sse", demoDev)]));
    expect(o).toEqual({ violations: [], unknownAtPreview: false, notApplicable: false });
  });

  test("compliant through an alias the resource depends on", async () => {
    stackIs("demo", "dev");
    const alias = resource(
      ALIAS,
      "a",
      { name: "alias/demo/dev/data", targetKeyId: UNKNOWN },
      { targetKeyId: [demoDev] },
    );
    const queue = resource(QUEUE, "q", { kmsMasterKeyId: UNKNOWN }, { kmsMasterKeyId: [alias] });
    expect(outcome(await analyzeStack(kmsKeyTenantSeparation, [demoDev, alias, queue])).violations).toEqual([]);
  });

  test("non-compliant: another tenant's key, another environment's key", async () => {
    stackIs("demo", "dev");
    const o = outcome(
      await analyzeStack(kmsKeyTenantSeparation, [
        demoDev,
        demoProd,
        acmeDev,
        sseWith("docs-sse", acmeDev),
        sseWith("logs-sse", demoProd),
      ]),
    );
    expect(strip(o.violations).sort()).toEqual([
      'docs-sse (tenant "demo") uses key acme-dev-data of tenant "acme" through rules',
      'logs-sse (environment "dev") uses key demo-prod-data of environment "prod" through rules',
    ]);
  });

  test("non-compliant: a resource tagged for another tenant than its key", async () => {
    const queue = resource(
      QUEUE,
      "q",
      { kmsMasterKeyId: UNKNOWN, tags: tags("acme", "dev") },
      { kmsMasterKeyId: [demoDev] },
    );
    const o = outcome(await analyzeStack(kmsKeyTenantSeparation, [demoDev, queue]));
    expect(o.violations).toEqual([
      expect.stringMatching(/q \(tenant "acme"\) uses key demo-dev-data of tenant "demo"/),
    ]);
  });

  test("non-compliant: an untagged key serving two tenants", async () => {
    stackIs("demo", "dev");
    const shared = key("shared", {});
    const mine = resource(QUEUE, "mine", { kmsMasterKeyId: UNKNOWN }, { kmsMasterKeyId: [shared] });
    const theirs = resource(
      QUEUE,
      "theirs",
      { kmsMasterKeyId: UNKNOWN, tags: tags("acme", "dev") },
      { kmsMasterKeyId: [shared] },
    );
    const o = outcome(await analyzeStack(kmsKeyTenantSeparation, [shared, mine, theirs]));
    expect(strip(o.violations)).toEqual(["key shared serves acme/dev, demo/dev: one key per tenant and environment"]);
  });

  test("non-compliant: no tags and no stack tenant means separation cannot be verified", async () => {
    process.env.PULUMI_CONFIG = "{not json";
    const o = outcome(await analyzeStack(kmsKeyTenantSeparation, [demoDev, sseWith("docs-sse", demoDev)]));
    expect(o.violations).toEqual([
      expect.stringMatching(/docs-sse uses key demo-dev-data but has no tenant\/environment tags/),
    ]);
  });

  test("update (or state file): known ARNs and alias names link resources to keys by value", async () => {
    stackIs("demo", "dev");
    const k = knownKey("acme-key", "1234", tags("acme", "dev"));
    const alias = resource(ALIAS, "a", {
      name: "alias/acme/dev/data",
      targetKeyId: "1234",
      arn: "arn:aws:kms:us-east-1:111122223333:alias/acme/dev/data",
    });
    const byArn = resource(QUEUE, "by-arn", { kmsMasterKeyId: ARN("1234") });
    const byAlias = resource("aws:sns/topic:Topic", "by-alias", { kmsMasterKeyId: "alias/acme/dev/data" });
    const o = outcome(await analyzeStack(kmsKeyTenantSeparation, [k, alias, byArn, byAlias]));
    expect(strip(o.violations).sort()).toEqual([
      expect.stringMatching(/^by-alias .* tenant "acme"/),
      expect.stringMatching(/^by-arn .* tenant "acme" through kmsMasterKeyId/),
    ]);
  });

  test("unknown at preview: a nested key property (S3 rules) that depends on no stack key", async () => {
    stackIs("demo", "dev");
    const sse = resource(SSE, "docs-sse", {
      bucket: "b",
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN } }],
    });
    expect(outcome(await analyzeStack(kmsKeyTenantSeparation, [demoDev, sse]))).toEqual({
      violations: [],
      unknownAtPreview: true,
      notApplicable: false,
    });
  });

  test("the stack's tenant comes from <project>:tenant before the clinic program's keys", async () => {
    const savedProject = process.env.PULUMI_PROJECT;
    process.env.PULUMI_PROJECT = "other";
    process.env.PULUMI_CONFIG = JSON.stringify({
      "other:tenant": "acme",
      "other:environment": "dev",
      "ephi-clinic:tenant": "demo",
    });
    try {
      const o = outcome(await analyzeStack(kmsKeyTenantSeparation, [demoDev, sseWith("docs-sse", demoDev)]));
      expect(strip(o.violations)).toEqual([
        'docs-sse (tenant "acme") uses key demo-dev-data of tenant "demo" through rules',
      ]);
    } finally {
      if (savedProject === undefined) delete process.env.PULUMI_PROJECT;
      else process.env.PULUMI_PROJECT = savedProject;
    }
  });

  test("not applicable: no customer-managed keys", async () => {
    expect(outcome(await analyzeStack(kmsKeyTenantSeparation, [resource(QUEUE, "q", {})])).notApplicable).toBe(true);
  });

  test("unknown at preview: a key property that depends on no stack key, after the definite violations", async () => {
    stackIs("demo", "dev");
    const outside = resource(QUEUE, "outside", { kmsMasterKeyId: UNKNOWN });
    const o = outcome(
      await analyzeStack(kmsKeyTenantSeparation, [demoDev, acmeDev, outside, sseWith("docs-sse", acmeDev)]),
    );
    expect(o.violations).toEqual([expect.stringMatching(/docs-sse .* tenant "acme"/)]);
    expect(o.unknownAtPreview).toBe(true);
  });

  test("wrong shapes never throw", async () => {
    stackIs("demo", "dev");
    const odd = resource(QUEUE, "odd", {
      kmsMasterKeyId: 5,
      tags: [1] as never,
      nested: { deep: [null, { x: ARN("9") }] },
    } as never);
    const badKey = resource(KEY, "bad", { tags: "x" as never, arn: 3 });
    await expect(analyzeStack(kmsKeyTenantSeparation, [badKey, odd])).resolves.toBeDefined();
  });
});

describe("backup-key-separate-from-data", () => {
  const data = key("data", tags("demo", "dev"));
  const backup = key("backup", tags("demo", "dev", "backup"));
  const db = resource(DB, "db", { storageEncrypted: true, kmsKeyId: UNKNOWN }, { kmsKeyId: [data] });
  const vault = (k: ReturnType<typeof resource>) =>
    resource(VAULT, "vault", { kmsKeyArn: UNKNOWN }, { kmsKeyArn: [k] });

  test("compliant: the vault has its own key; a notification topic may share it", async () => {
    const topic = resource(
      "aws:sns/topic:Topic",
      "backup-events",
      { kmsMasterKeyId: UNKNOWN },
      { kmsMasterKeyId: [backup] },
    );
    expect(outcome(await analyzeStack(backupKeySeparateFromData, [data, backup, db, topic, vault(backup)]))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
  });

  test("non-compliant: the vault uses the database's key", async () => {
    expect(messages(await analyzeStack(backupKeySeparateFromData, [data, backup, db, vault(data)]))).toEqual([
      "backup vault vault uses key data, which also encrypts db",
    ]);
  });

  test("non-compliant: the vault uses the bucket's key, known by value after apply", async () => {
    const k = knownKey("data", "1", tags("demo", "dev"));
    const v = resource(VAULT, "vault", { kmsKeyArn: ARN("1") });
    const sse = resource(SSE, "docs-sse", {
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: ARN("1") } }],
    });
    expect(messages(await analyzeStack(backupKeySeparateFromData, [k, v, sse]))).toEqual([
      "backup vault vault uses key data, which also encrypts docs-sse",
    ]);
  });

  test("not applicable: no vaults", async () => {
    expect(outcome(await analyzeStack(backupKeySeparateFromData, [data, db])).notApplicable).toBe(true);
  });

  test("unknown at preview: a vault key from outside the stack", async () => {
    const o = outcome(
      await analyzeStack(backupKeySeparateFromData, [data, db, resource(VAULT, "vault", { kmsKeyArn: UNKNOWN })]),
    );
    expect(o).toEqual({ violations: [], unknownAtPreview: true, notApplicable: false });
  });

  test("wrong shapes never throw", async () => {
    await expect(
      analyzeStack(backupKeySeparateFromData, [resource(VAULT, "vault", { kmsKeyArn: [1] as never }), data]),
    ).resolves.toBeDefined();
  });
});

describe("kms-key-separation-of-duties", () => {
  const policy = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
  const admin = {
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::111122223333:role/key-admin" },
    Action: ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"],
    Resource: "*",
  };
  const user = {
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::111122223333:role/app" },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "*",
  };
  const root = {
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::111122223333:root" },
    Action: "kms:*",
    Resource: "*",
  };

  test("compliant: separate administrators and users, on the key or in an attached KeyPolicy", async () => {
    const k = key("k", {}, { policy: policy(admin, user) });
    const bare = key("bare", {});
    const attached = resource(
      "aws:kms/keyPolicy:KeyPolicy",
      "bare-policy",
      { keyId: UNKNOWN, policy: policy(admin, user) },
      { keyId: [bare] },
    );
    expect(outcome(await analyzeStack(kmsKeySeparationOfDuties, [k, bare, attached]))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
  });

  test("non-compliant: no explicit policy (AWS's default gives the root kms:*)", async () => {
    expect(outcome(await analyzeStack(kmsKeySeparationOfDuties, [key("k", {})])).violations).toEqual([
      expect.stringMatching(/key k has no explicit key policy/),
    ]);
  });

  test("non-compliant: the root with kms:* in an explicit policy, and an admin who decrypts in a KeyPolicy", async () => {
    const k = key("k", {}, { policy: policy(admin, user, root) });
    const other = knownKey("other", "2", {});
    const kp = resource("aws:kms/keyPolicy:KeyPolicy", "other-policy", {
      keyId: "2",
      policy: policy({ ...admin, Action: ["kms:PutKeyPolicy", "kms:Decrypt"] }),
    });
    expect(messages(await analyzeStack(kmsKeySeparationOfDuties, [k, other, kp]))).toEqual([
      expect.stringMatching(
        /^key k: arn:aws:iam::111122223333:root both administers the key \(kms:CreateAlias, kms:UpdateAlias, kms:DeleteAlias, \.\.\.\) and uses it/,
      ),
      expect.stringMatching(
        /^key policy other-policy: .*key-admin both administers the key \(kms:PutKeyPolicy\) and uses it \(kms:Decrypt\)/,
      ),
    ]);
  });

  test("non-compliant: an administrator statement with kms:Create* can grant itself use", async () => {
    const k = key("k", {}, { policy: policy({ ...admin, Action: ["kms:Create*", "kms:Put*"] }, user) });
    expect(messages(await analyzeStack(kmsKeySeparationOfDuties, [k]))).toEqual([
      expect.stringMatching(
        /key-admin both administers .* and uses it \(kms:CreateGrant\) \(list kms:CreateAlias rather than kms:Create\*\)/,
      ),
    ]);
  });

  test("non-compliant: a policy that cannot be read", async () => {
    expect(messages(await analyzeStack(kmsKeySeparationOfDuties, [key("k", {}, { policy: "nope" })]))).toEqual([
      "key k: the key policy is not valid JSON, so separation of duties cannot be verified",
    ]);
  });

  test("not applicable: no keys", async () => {
    expect(outcome(await analyzeStack(kmsKeySeparationOfDuties, [resource(QUEUE, "q", {})])).notApplicable).toBe(true);
  });

  test("unknown at preview: a policy built from outputs, after the definite violations", async () => {
    const o = outcome(
      await analyzeStack(kmsKeySeparationOfDuties, [key("late", {}, { policy: UNKNOWN }), key("bare", {})]),
    );
    expect(o.violations).toEqual([expect.stringMatching(/bare has no explicit key policy/)]);
    expect(o.unknownAtPreview).toBe(true);
  });

  test("wrong shapes never throw: an object policy with odd statements is unreadable", async () => {
    const o = outcome(
      await analyzeStack(kmsKeySeparationOfDuties, [
        key("k", {}, { policy: { Statement: [{ Effect: "Allow", Principal: 3, Action: "kms:*" }] } }),
      ]),
    );
    expect(o.violations).toEqual([expect.stringMatching(/no readable Principal/)]);
  });
});

describe("kms-alias-naming", () => {
  const k = key("k", tags("demo", "dev"));
  const alias = (name: unknown, props: object = {}) =>
    resource(
      ALIAS,
      "a",
      { ...(name === undefined ? {} : { name: name as string }), targetKeyId: UNKNOWN, ...props } as WireObject,
      { targetKeyId: [k] },
    );

  test("the pattern becomes a regex with one group per placeholder", () => {
    const { re, parts } = aliasRegex("alias/<env>.x/<tenant>");
    expect(parts).toEqual(["environment", "tenant"]);
    expect(re.test("alias/dev.x/demo")).toBe(true);
    expect(re.test("alias/devxx/demo")).toBe(false);
  });

  test("compliant: the TenantKeyring form", async () => {
    expect(outcome(await analyzeStack(kmsAliasNaming, [k, alias("alias/demo/dev/data")]))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
  });

  test.each([
    ["off pattern", "alias/demo-data", /does not follow alias\/<tenant>\/<env>\/<purpose>/],
    ["another tenant's name", "alias/acme/dev/data", /names tenant "acme" but key k is tagged "demo"/],
    ["another purpose", "alias/demo/dev/logs", /names purpose "logs"/],
    ["namePrefix instead of name", undefined, /has no name \(namePrefix/],
  ])("non-compliant: %s", async (_name, name, message) => {
    expect(
      outcome(await analyzeStack(kmsAliasNaming, [k, alias(name, name ? {} : { namePrefix: "alias/demo/dev/" })]))
        .violations,
    ).toEqual([expect.stringMatching(message)]);
  });

  test("a key from outside the stack is judged by the stack's tenant and environment (update: known target id)", async () => {
    stackIs("demo", "dev");
    const outside = resource(ALIAS, "a", { name: "alias/demo/prod/data", targetKeyId: "ffff" });
    expect(outcome(await analyzeStack(kmsAliasNaming, [outside])).violations).toEqual([
      expect.stringMatching(/names environment "prod" but the stack's is "dev"/),
    ]);
  });

  test("not applicable: no aliases", async () => {
    expect(outcome(await analyzeStack(kmsAliasNaming, [k])).notApplicable).toBe(true);
  });

  test("unknown at preview: a computed name", async () => {
    expect(outcome(await analyzeStack(kmsAliasNaming, [k, alias(UNKNOWN)])).unknownAtPreview).toBe(true);
  });

  test("wrong shapes never throw: a name that is not a string counts as none", async () => {
    expect(outcome(await analyzeStack(kmsAliasNaming, [k, alias(["x"])])).violations).toEqual([
      expect.stringMatching(/has no name/),
    ]);
  });
});

describe("kms-replica-key-hygiene", () => {
  const REPLICA = "aws:kms/replicaKey:ReplicaKey";
  const primary = key("primary", tags("demo", "dev"), { multiRegion: true });
  const replica = (t: object, p = primary) =>
    resource(REPLICA, "replica", { primaryKeyArn: UNKNOWN, tags: t as never }, { primaryKeyArn: [p] });

  test("compliant: same tags as a multi-Region primary", async () => {
    expect(outcome(await analyzeStack(kmsReplicaKeyHygiene, [primary, replica(tags("demo", "dev"))]))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
  });

  test("non-compliant: untagged replica of a single-Region primary", async () => {
    const single = key("single", tags("demo", "dev"));
    expect(messages(await analyzeStack(kmsReplicaKeyHygiene, [single, replica({}, single)]))).toEqual([
      "replica replica: primary key single is not multiRegion",
      'replica replica has tenant (none) but its primary single has "demo"',
      'replica replica has environment (none) but its primary single has "dev"',
      'replica replica has purpose (none) but its primary single has "data"',
    ]);
  });

  test("update: the primary found by its known ARN", async () => {
    const p = knownKey("p", "7", tags("demo", "dev"));
    const r = resource(REPLICA, "replica", { primaryKeyArn: ARN("7"), tags: tags("demo", "prod") });
    expect(messages(await analyzeStack(kmsReplicaKeyHygiene, [p, r]))).toEqual([
      "replica replica: primary key p is not multiRegion",
      'replica replica has environment "prod" but its primary p has "dev"',
    ]);
  });

  test("not applicable: no replicas", async () => {
    expect(outcome(await analyzeStack(kmsReplicaKeyHygiene, [primary])).notApplicable).toBe(true);
  });

  test("unknown at preview: a primary from outside the stack", async () => {
    expect(
      outcome(await analyzeStack(kmsReplicaKeyHygiene, [resource(REPLICA, "replica", { primaryKeyArn: UNKNOWN })]))
        .unknownAtPreview,
    ).toBe(true);
  });

  test("wrong shapes never throw", async () => {
    await expect(
      analyzeStack(kmsReplicaKeyHygiene, [resource(REPLICA, "r", { primaryKeyArn: 4, tags: "x" as never })]),
    ).resolves.toBeDefined();
  });
});
