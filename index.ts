import * as pulumi from "@pulumi/pulumi";

import { ClinicPlatform, loadClinicConfig } from "./components";

// Every key is documented on loadClinicConfig (components/clinic-config.ts); bad values stop the program here.
const project = new pulumi.Config();
const aws = new pulumi.Config("aws");
const args = loadClinicConfig((key) => (key.startsWith("aws:") ? aws.get(key.slice(4)) : project.get(key)));

const platform = new ClinicPlatform(`${args.tenant}-${args.environment}`, args);

export const dataKeyArn = platform.keyring.keyArn("data");
export const dataKeyAlias = platform.keyring.aliasName("data");
export const documentsBucket = platform.documents.bucketName;
export const databaseEndpoint = platform.database.endpoint;
export const loadBalancerDnsName = platform.loadBalancer.dnsName;
export const backupVaultArn = platform.backups.vault.arn;
export const keyAuditTrailArn = platform.audit.trail.arn;
