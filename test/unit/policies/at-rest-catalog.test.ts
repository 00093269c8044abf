/**
 * Every row of the at-rest catalogue, through the policy that owns it and the SDK's real handlers:
 * a compliant resource built from the row, then each non-compliant variant the row allows, the
 * preview-unknown key (resolved through a stack key, or left to the SDK's advisory) and wrong shapes.
 */
import type { Policy } from "@pulumi/policy";
import { AT_REST, AtRestRow, AtRestTarget, Matcher } from "../../../policies/src/catalog/encryption-at-rest";
import * as analytics from "../../../policies/src/rules/at-rest/analytics";
import * as compute from "../../../policies/src/rules/at-rest/compute";
import * as databases from "../../../policies/src/rules/at-rest/databases";
import * as messaging from "../../../policies/src/rules/at-rest/messaging";
import * as storage from "../../../policies/src/rules/at-rest/storage";
import { analyzeStack, outcome, resource, TestResource, UNKNOWN } from "../../harness/policy-harness";
import type { WireObject, WireValue } from "../../../engine/src/wire";

/** Which policy owns each row: written out, so a row that no policy reads fails the coverage test. */
const OWNER: Record<keyof typeof AT_REST, Policy> = {
  ebsVolume: compute.ebsVolumeEncryption,
  s3Object: storage.s3ObjectEncryption,
  ebsSnapshotCopy: compute.ebsSnapshotCopyEncryption,
  ebsSnapshotImport: compute.ebsSnapshotCopyEncryption,
  dlmCrossRegionCopy: compute.dlmCrossRegionCopyEncryption,
  codepipeline: compute.codepipelineEncryption,
  imagebuilder: compute.imagebuilderEncryption,
  imagebuilderRecipe: compute.imagebuilderEncryption,
  imagebuilderDistribution: compute.imagebuilderEncryption,
  rdsActivityStream: databases.rdsActivityStreamEncryption,
  elasticacheStandalone: databases.elasticacheEncryption,
  documentdbGlobalCluster: databases.documentdbEncryption,
  efsReplication: storage.efsEncryption,
  redshiftSnapshotCopyGrant: analytics.redshiftEncryption,
  glueJob: analytics.glueEncryption,
  apigatewayCache: analytics.apigatewayCacheEncryption,
  appsyncCache: analytics.appsyncCacheEncryption,
  xray: analytics.xrayEncryption,
  opensearchServerless: analytics.opensearchEncryption,
  dmsS3Endpoint: analytics.dmsEndpointEncryption,
  kendra: analytics.kendraEncryption,
  bedrockAgent: analytics.bedrockAgentEncryption,
  comprehend: analytics.comprehendEncryption,
  connectStorage: analytics.connectStorageEncryption,
  amiCopy: compute.amiEncryption,
  ami: compute.amiEncryption,
  ec2Instance: compute.ec2InstanceVolumeEncryption,
  launchTemplate: compute.launchTemplateEncryption,
  launchConfiguration: compute.launchConfigurationEncryption,
  lambdaEnvironment: compute.lambdaEnvironmentEncryption,
  codebuildProject: compute.codebuildEncryption,
  ecrRepository: compute.ecrEncryption,
  eksSecrets: compute.eksSecretsEncryption,
  rdsInstance: databases.rdsInstanceEncryption,
  rdsCluster: databases.rdsClusterEncryption,
  rdsGlobalCluster: databases.rdsClusterEncryption,
  rdsSnapshotCopy: databases.rdsCopyEncryption,
  rdsBackupReplication: databases.rdsCopyEncryption,
  rdsPerformanceInsights: databases.rdsPerformanceInsightsEncryption,
  dynamodbTable: databases.dynamodbEncryption,
  dynamodbTableReplica: databases.dynamodbEncryption,
  daxCluster: databases.daxEncryption,
  documentdb: databases.documentdbEncryption,
  documentdbElastic: databases.documentdbEncryption,
  neptune: databases.neptuneEncryption,
  elasticacheReplicationGroup: databases.elasticacheEncryption,
  elasticacheServerless: databases.elasticacheEncryption,
  memorydb: databases.memorydbEncryption,
  keyspaces: databases.keyspacesEncryption,
  timestream: databases.timestreamEncryption,
  efsFileSystem: storage.efsEncryption,
  fsxFileSystem: storage.fsxEncryption,
  backupVault: storage.backupVaultEncryption,
  backupAirGappedVault: storage.backupVaultEncryption,
  workspaces: storage.workspacesEncryption,
  codeartifact: storage.codeartifactEncryption,
  opensearchDomain: analytics.opensearchEncryption,
  redshiftCluster: analytics.redshiftEncryption,
  redshiftServerless: analytics.redshiftEncryption,
  athenaWorkgroup: analytics.athenaEncryption,
  athenaDatabase: analytics.athenaEncryption,
  glueCatalog: analytics.glueEncryption,
  glueSecurityConfiguration: analytics.glueEncryption,
  emrSecurityConfiguration: analytics.emrEncryption,
  emrCluster: analytics.emrEncryption,
  mskCluster: analytics.mskEncryption,
  kinesisStream: analytics.kinesisEncryption,
  kinesisVideo: analytics.kinesisEncryption,
  firehose: analytics.firehoseEncryption,
  sagemaker: analytics.sagemakerEncryption,
  sagemakerEndpointConfiguration: analytics.sagemakerEncryption,
  dmsReplicationInstance: analytics.dmsEncryption,
  appflow: analytics.appflowEncryption,
  sqsQueue: messaging.sqsEncryption,
  snsTopic: messaging.snsEncryption,
  mqBroker: messaging.mqEncryption,
  logGroup: messaging.logGroupEncryption,
  cloudtrail: messaging.cloudtrailEncryption,
  secretsManager: messaging.secretsManagerEncryption,
  ssmParameter: messaging.ssmParameterEncryption,
};

const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/0b0c6c1e-1111-2222-3333-444455556666";
/** A key whose outputs are known, as under --update. */
const knownKey = resource("aws:kms/key:Key", "data-key", {
  arn: KEY_ARN,
  keyId: "0b0c6c1e-1111-2222-3333-444455556666",
});
/** The same key at preview: its arn is unknown. */
const previewKey = resource("aws:kms/key:Key", "data-key", { arn: UNKNOWN });

function setPath(obj: WireObject, path: string, value: WireValue): void {
  const steps = path.split(".");
  let cur = obj;
  for (const step of steps.slice(0, -1)) {
    if (typeof cur[step] !== "object" || cur[step] === null) cur[step] = {};
    cur = cur[step] as WireObject;
  }
  cur[steps[steps.length - 1]] = value;
}

/** `a.b[].c` with a value: `{ a: { b: [{ c: value }] } }` */
function nest(steps: string[], value: WireValue): WireObject {
  const [step, ...rest] = steps;
  const inner = rest.length > 0 ? nest(rest, value) : value;
  return step.endsWith("[]") ? { [step.slice(0, -2)]: [inner] } : { [step]: inner };
}

function merge(into: WireObject, from: WireObject): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (cur && typeof cur === "object" && !Array.isArray(cur) && v && typeof v === "object" && !Array.isArray(v)) {
      merge(cur, v);
    } else into[k] = v;
  }
}

function good(m: Matcher): WireValue {
  if ("equals" in m) return m.equals[0];
  if ("contains" in m) return [m.contains];
  return "configured";
}

function bad(m: Matcher): WireValue {
  if ("equals" in m) return typeof m.equals[0] === "boolean" ? !m.equals[0] : "NONE";
  if ("contains" in m) return [];
  return "";
}

/** Builds the props of a compliant resource; `edit` changes one target's holder before it is placed. */
function propsFor(
  row: AtRestRow,
  key: WireValue,
  edit?: { target: AtRestTarget; change: (holder: WireObject) => void },
): WireObject {
  const props: WireObject = {};
  const byHolder = new Map<string, WireObject>();
  for (const t of row.targets) {
    if (t.when) setPath(props, t.when.path, good(t.when.is));
    const holder = byHolder.get(t.at ?? "") ?? (t.at ? {} : props);
    byHolder.set(t.at ?? "", holder);
    for (const f of t.flags ?? []) setPath(holder, f.path, good(f.is));
    if (t.key) setPath(holder, t.key.path, key);
    if (edit?.target === t) edit.change(holder);
  }
  for (const t of row.targets) {
    if (!t.at || !byHolder.has(t.at)) continue;
    const holder = byHolder.get(t.at)!;
    byHolder.delete(t.at);
    // a JSON document built from an unknown key ARN is itself unknown at preview
    const value: WireValue = t.json ? (key === UNKNOWN ? UNKNOWN : JSON.stringify(holder)) : holder;
    merge(props, nest(t.at.split("."), value));
  }
  return props;
}

const topOf = (t: AtRestTarget) => (t.at ?? t.key?.path ?? t.flags?.[0]?.path ?? "").split(/[.[]/)[0];

async function run(
  policy: Policy,
  type: string,
  props: WireObject,
  deps: Record<string, TestResource[]> = {},
  extra: TestResource[] = [knownKey],
) {
  return outcome(await analyzeStack(policy, [...extra, resource(type, "subject", props, deps)]));
}

const ROWS = Object.entries(AT_REST) as [keyof typeof AT_REST, AtRestRow][];

test("every catalogue row is read by a policy, and every row names real pulumi-aws tokens", () => {
  expect(Object.keys(OWNER).sort()).toEqual(Object.keys(AT_REST).sort());
  for (const [, row] of ROWS)
    for (const t of row.types) expect(t).toMatch(/^aws:[a-z0-9]+\/[a-zA-Z0-9]+:[A-Z][a-zA-Z0-9]+$/);
});

describe.each(ROWS)("%s", (name, row) => {
  const policy = OWNER[name];
  const type = row.types[row.types.length - 1];

  test.each(row.types)("compliant with a customer-managed key known at update (%s)", async (t) => {
    expect(await run(policy, t, propsFor(row, KEY_ARN))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
  });

  test("not applicable to other types", async () => {
    const o = outcome(await analyzeStack(policy, [knownKey, resource("aws:iam/role:Role", "r", {})]));
    expect(o).toMatchObject({ violations: [], notApplicable: true });
  });

  const keyed = row.targets.filter((t) => t.key);
  if (keyed.length > 0) {
    test("unknown at preview: a key from a KMS key in the stack passes through propertyDependencies", async () => {
      const deps = Object.fromEntries(keyed.map((t) => [topOf(t), [previewKey]]));
      // a JSON document is unknown as a whole: its modes cannot be read, so it stays unknown
      const json = keyed.some((t) => t.json);
      expect(await run(policy, type, propsFor(row, UNKNOWN), deps, [previewKey])).toEqual({
        violations: [],
        unknownAtPreview: json,
        notApplicable: false,
      });
    });

    test("unknown at preview: a key that depends on nothing in the stack leaves the SDK's advisory, never a pass", async () => {
      const o = await run(policy, type, propsFor(row, UNKNOWN));
      expect(o.violations).toEqual([]);
      expect(o.unknownAtPreview).toBe(true);
    });
  }

  // describe.each refuses an empty table: rows without keys (or flags) skip the block
  const keyedCases = keyed.map((t) => [t.part, t] as const);
  if (keyedCases.length > 0)
    describe.each(keyedCases)("key of the %s", (_part, t) => {
      test("an AWS-managed alias is a violation", async () => {
        const alias = t.key!.awsManagedAlias ?? "alias/aws/kms";
        const o = await run(
          policy,
          type,
          propsFor(row, KEY_ARN, { target: t, change: (h) => setPath(h, t.key!.path, alias) }),
        );
        expect(o.violations).toEqual([expect.stringContaining(`${t.key!.path} ${alias} is an AWS-managed key`)]);
      });

      test("an unset key is a violation naming what AWS does instead", async () => {
        const o = await run(
          policy,
          type,
          propsFor(row, KEY_ARN, { target: t, change: (h) => deleteAt(h, t.key!.path) }),
        );
        expect(o.violations).toEqual([
          expect.stringMatching(new RegExp(`${escape(t.key!.path)} is unset, so (AWS|the)`)),
        ]);
        if (t.key!.awsManagedAlias) expect(o.violations[0]).toContain(t.key!.awsManagedAlias);
      });

      test("a key of the wrong shape is a violation, not a crash", async () => {
        const o = await run(
          policy,
          type,
          propsFor(row, KEY_ARN, { target: t, change: (h) => setPath(h, t.key!.path, 42) }),
        );
        expect(o.violations).toEqual([expect.stringContaining("is 42, not a KMS key ARN")]);
      });
    });

  const flagged = row.targets.flatMap((t) => (t.flags ?? []).map((f) => [`${t.part}: ${f.path}`, t, f] as const));
  if (flagged.length > 0)
    describe.each(flagged)("flag %s", (_label, t, f) => {
      test("a value that is not 'encrypted' is a violation", async () => {
        const o = await run(
          policy,
          type,
          propsFor(row, KEY_ARN, { target: t, change: (h) => setPath(h, f.path, bad(f.is)) }),
        );
        expect(o.violations).toEqual([expect.stringContaining(`${f.path} is `)]);
        expect(o.violations[0]).toContain(`encryption at rest with a customer-managed key requires`);
      });

      test(
        f.unset === "secure-default" ? "unset passes: the AWS default is secure" : "unset is a violation",
        async () => {
          const o = await run(policy, type, propsFor(row, KEY_ARN, { target: t, change: (h) => deleteAt(h, f.path) }));
          if (f.unset === "secure-default") expect(o.violations).toEqual([]);
          else expect(o.violations).toEqual([expect.stringContaining(`${f.path} is unset, so AWS`)]);
        },
      );

      test("a flag unknown at preview leaves the SDK's advisory", async () => {
        // inside a JSON document only the whole document can be unknown
        const props = t.json
          ? { ...propsFor(row, KEY_ARN), [t.at!]: UNKNOWN }
          : propsFor(row, KEY_ARN, { target: t, change: (h) => setPath(h, f.path, UNKNOWN) });
        expect(await run(policy, type, props)).toMatchObject({ violations: [], unknownAtPreview: true });
      });
    });

  test("wrong-shaped holders never throw", async () => {
    for (const shape of ["x", 7, [], [null], { unexpected: true }] as WireValue[]) {
      const props: WireObject = {};
      for (const t of row.targets) setPath(props, topOf(t) || "encryption", shape);
      await expect(run(policy, type, props)).resolves.toBeDefined();
    }
  });
});

function deleteAt(obj: WireObject, path: string): void {
  const steps = path.split(".");
  let cur: WireValue = obj;
  for (const step of steps.slice(0, -1)) cur = (cur as WireObject)?.[step];
  if (cur && typeof cur === "object") delete (cur as WireObject)[steps[steps.length - 1]];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
