import type { Policy } from "@pulumi/policy";
import { s3BucketKeyEnabled } from "../s3/s3-bucket-key";
import { s3EncryptionAtRest } from "../s3/s3-encryption-at-rest";
import * as analytics from "./analytics";
import * as compute from "./compute";
import * as databases from "./databases";
import { kmsKeyProvenance } from "./kms-key-provenance";
import * as messaging from "./messaging";
import * as storage from "./storage";

/** Encryption at rest and customer-managed key policies. */
export const atRestPolicies: Policy[] = [
  s3EncryptionAtRest,
  s3BucketKeyEnabled,
  ...Object.values(compute),
  ...Object.values(databases),
  ...Object.values(storage),
  ...Object.values(analytics),
  ...Object.values(messaging),
  kmsKeyProvenance,
];
