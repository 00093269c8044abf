import type { Policy } from "@pulumi/policy";
import { s3EncryptionAtRest } from "../s3/s3-encryption-at-rest";

/** Encryption at rest and customer-managed key policies. */
export const atRestPolicies: Policy[] = [s3EncryptionAtRest];
