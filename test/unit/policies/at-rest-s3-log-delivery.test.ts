/** s3-encryption-at-rest-cmk and the AWS constraint that log delivery targets use SSE-S3. */
import { s3EncryptionAtRest, SSE_S3_REASON_TAG } from "../../../policies/src/rules/s3/s3-encryption-at-rest";
import { analyzeStack, outcome, resource, TestResource, UNKNOWN } from "../../harness/policy-harness";

const BUCKET = "aws:s3/bucket:Bucket";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const AES256 = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }];
const logs = (tags: Record<string, string> | string = { [SSE_S3_REASON_TAG]: "log-delivery" }) =>
  resource(BUCKET, "access-logs", { bucket: UNKNOWN, tags });
const sse = (b: TestResource) => resource(SSE, `${b.name}-sse`, { bucket: UNKNOWN, rules: AES256 }, { bucket: [b] });
const writer = (b: TestResource) =>
  resource(
    "aws:s3/bucketLogging:BucketLogging",
    "docs-logging",
    { bucket: "docs", targetBucket: UNKNOWN },
    { targetBucket: [b] },
  );

describe("s3-encryption-at-rest-cmk: SSE-S3 log delivery targets", () => {
  test("compliant: a tagged bucket that a BucketLogging in the stack writes to", async () => {
    const b = logs();
    expect(outcome(await analyzeStack(s3EncryptionAtRest, [b, sse(b), writer(b)]))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
  });

  test("compliant: a tagged bucket named by a load balancer's access logs (state file, by value)", async () => {
    const b = resource(BUCKET, "access-logs", {
      bucket: "fx-logs",
      id: "fx-logs",
      tags: { [SSE_S3_REASON_TAG]: "log-delivery" },
    });
    const c = resource(SSE, "access-logs-sse", { bucket: "fx-logs", rules: AES256 });
    const lb = resource("aws:lb/loadBalancer:LoadBalancer", "web", {
      accessLogs: { bucket: "fx-logs", enabled: true },
    });
    expect(outcome(await analyzeStack(s3EncryptionAtRest, [b, c, lb])).violations).toEqual([]);
  });

  test("non-compliant: the tag without a log writer in the stack", async () => {
    const b = logs();
    expect(outcome(await analyzeStack(s3EncryptionAtRest, [b, sse(b)])).violations).toEqual([
      expect.stringContaining(`the ${SSE_S3_REASON_TAG}=log-delivery tag excuses only a bucket that a BucketLogging`),
    ]);
  });

  test("non-compliant: a log target without the tag, or with another reason", async () => {
    for (const tags of [{}, { [SSE_S3_REASON_TAG]: "cheaper" }] as Record<string, string>[]) {
      const b = logs(tags);
      const o = outcome(await analyzeStack(s3EncryptionAtRest, [b, sse(b), writer(b)]));
      expect(o.violations).toEqual([expect.stringContaining("sseAlgorithm AES256 (SSE-S3) uses keys that S3 owns")]);
    }
  });

  test("unknown at preview: a tag value unknown leaves the SDK's advisory", async () => {
    const b = resource(BUCKET, "access-logs", { bucket: UNKNOWN, tags: { [SSE_S3_REASON_TAG]: UNKNOWN } });
    expect(outcome(await analyzeStack(s3EncryptionAtRest, [b, sse(b), writer(b)]))).toMatchObject({
      violations: [],
      unknownAtPreview: true,
    });
  });

  test("wrong shapes: tags that are not an object count as no tag", async () => {
    const b = logs("log-delivery");
    expect(outcome(await analyzeStack(s3EncryptionAtRest, [b, sse(b), writer(b)])).violations).toHaveLength(1);
  });
});
