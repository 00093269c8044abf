import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { asObject, asString, ofTypes, read, Unknowns } from "../../lib/values";
import { BUCKET_TYPES, configsByBucket, rulesOf, SSE_TYPES } from "./s3-encryption-at-rest";

/**
 * Without an S3 Bucket Key every object operation calls KMS: cost and request-rate throttling push
 * teams back to SSE-S3, so the pack recommends it wherever a bucket uses SSE-KMS (not DSSE, which
 * does not support bucket keys).
 */
export const s3BucketKeyEnabled = stackPolicy(
  {
    id: "s3-bucket-key-enabled",
    description:
      "Buckets encrypted with SSE-KMS enable the S3 Bucket Key, which keeps KMS cost and throttling from tempting teams back to SSE-S3.",
    category: "at-rest",
    hipaa: [HIPAA.encryptionAtRest],
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps:
      "Set bucketKeyEnabled: true on the aws:kms rule of the bucket's BucketServerSideEncryptionConfiguration.",
  },
  {
    validateStack: (args, report) => {
      const buckets = ofTypes(args.resources, BUCKET_TYPES);
      if (buckets.length === 0) return args.notApplicable("no S3 buckets in the stack");
      const configsOf = configsByBucket(ofTypes(args.resources, SSE_TYPES));
      const unknowns = new Unknowns();
      for (const bucket of buckets) {
        for (const { rule } of rulesOf(bucket, configsOf(bucket))) {
          const facts = read(() => ({
            algorithm: asString(asObject(rule.applyServerSideEncryptionByDefault)?.sseAlgorithm),
            bucketKey: rule.bucketKeyEnabled,
          }));
          if (!facts.known) {
            unknowns.note(facts);
            continue;
          }
          // aws:kms:dsse does not use bucket keys
          if (facts.value.algorithm === "aws:kms" && facts.value.bucketKey !== true) {
            report(
              `bucket ${bucket.name}: an aws:kms encryption rule has bucketKeyEnabled ${facts.value.bucketKey === undefined ? "unset" : JSON.stringify(facts.value.bucketKey)}; set it to true`,
              bucket.urn,
            );
          }
        }
      }
      unknowns.rethrow();
    },
  },
);
