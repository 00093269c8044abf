import type { Policies } from "@pulumi/policy";
import { lbListenerTls } from "./rules/elb/lb-listener-tls";
import { s3EncryptionAtRest } from "./rules/s3/s3-encryption-at-rest";

/** Every policy of the pack; index.ts serves them, unit tests drive them without a server. */
export const policies: Policies = [s3EncryptionAtRest, lbListenerTls];
