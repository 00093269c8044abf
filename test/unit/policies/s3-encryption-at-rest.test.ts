import { s3EncryptionAtRest } from "../../../policies/src/rules/s3/s3-encryption-at-rest";
import type { WireObject } from "../../../engine/src/wire";
import { analyzeStack, outcome, resource, UNKNOWN } from "../../harness/policy-harness";

const BUCKET = "aws:s3/bucket:Bucket";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const key = resource("aws:kms/key:Key", "data-key", { enableKeyRotation: true, arn: UNKNOWN });
const bucket = resource(BUCKET, "docs", { bucket: UNKNOWN, id: UNKNOWN });

function sse(rule: WireObject, deps: Record<string, ReturnType<typeof resource>[]> = { bucket: [bucket] }) {
  return resource(SSE, "docs-sse", { bucket: UNKNOWN, rules: [rule] }, deps);
}
const kms = (kmsMasterKeyId?: string, sseAlgorithm = "aws:kms") => ({
  applyServerSideEncryptionByDefault: { sseAlgorithm, ...(kmsMasterKeyId !== undefined ? { kmsMasterKeyId } : {}) },
  bucketKeyEnabled: true,
});

describe("s3-encryption-at-rest-cmk", () => {
  test("compliant: separate SSE-KMS config with a stack key unknown at preview, linked by propertyDependencies", async () => {
    const o = outcome(
      await analyzeStack(s3EncryptionAtRest, [key, bucket, sse(kms(UNKNOWN), { bucket: [bucket], rules: [key] })]),
    );
    expect(o).toEqual({ violations: [], unknownAtPreview: false, notApplicable: false });
  });

  test("compliant: aws:kms:dsse with a literal customer key ARN, linked by bucket name (state file)", async () => {
    const b = resource(BUCKET, "docs", { bucket: "docs-123", id: "docs-123" });
    const c = resource(SSE, "docs-sse", {
      bucket: "docs-123",
      rules: [kms("arn:aws:kms:us-east-1:111122223333:key/abc", "aws:kms:dsse")],
    });
    expect(outcome(await analyzeStack(s3EncryptionAtRest, [b, c])).violations).toEqual([]);
  });

  test("compliant: legacy inline configuration", async () => {
    const b = resource(BUCKET, "legacy", {
      serverSideEncryptionConfiguration: { rule: kms("arn:aws:kms:us-east-1:111122223333:key/abc") },
    });
    expect(outcome(await analyzeStack(s3EncryptionAtRest, [b])).violations).toEqual([]);
  });

  test.each([
    ["AES256", kms(undefined, "AES256"), /AES256/],
    ["aws:kms without a key", kms(undefined), /AWS-managed key alias\/aws\/s3/],
    ["alias/aws/s3", kms("alias/aws/s3"), /AWS-managed/],
    ["an alias/aws ARN", kms("arn:aws:kms:us-east-1:111122223333:alias/aws/s3"), /AWS-managed/],
  ])("non-compliant: %s", async (_name, rule, message) => {
    const o = outcome(await analyzeStack(s3EncryptionAtRest, [bucket, sse(rule)]));
    expect(o.violations).toHaveLength(1);
    expect(o.violations[0]).toMatch(message);
  });

  test("non-compliant: a bucket with no encryption resource", async () => {
    const o = outcome(await analyzeStack(s3EncryptionAtRest, [bucket]));
    expect(o.violations).toEqual([expect.stringMatching(/has no server-side encryption configuration/)]);
  });

  test("non-compliant: an SSE config for another bucket does not cover this one", async () => {
    const other = resource(BUCKET, "other", {});
    const o = outcome(
      await analyzeStack(s3EncryptionAtRest, [
        bucket,
        other,
        sse(kms(UNKNOWN), { bucket: [other], rules: [key] }),
        key,
      ]),
    );
    expect(o.violations).toEqual([expect.stringMatching(/bucket docs has no server-side/)]);
  });

  test("not applicable: no buckets", async () => {
    expect(outcome(await analyzeStack(s3EncryptionAtRest, [key])).notApplicable).toBe(true);
  });

  test("unknown at preview: a key that depends on nothing in the stack is reported after the definite violations", async () => {
    const plain = resource(BUCKET, "plain", {});
    const o = outcome(await analyzeStack(s3EncryptionAtRest, [plain, bucket, sse(kms(UNKNOWN))]));
    expect(o.violations).toEqual([expect.stringMatching(/bucket plain has no server-side/)]);
    expect(o.unknownAtPreview).toBe(true);
  });

  test("wrong shapes never throw: rules that are not objects count as no rule", async () => {
    const c = resource(SSE, "docs-sse", { bucket: UNKNOWN, rules: ["x", 3, null] as never }, { bucket: [bucket] });
    const o = outcome(await analyzeStack(s3EncryptionAtRest, [bucket, c]));
    expect(o.violations).toEqual([expect.stringMatching(/no server-side encryption/)]);
  });
});
