import * as pulumi from "@pulumi/pulumi";

import { EncryptedBucket, TenantKeyring } from "./components";

const config = new pulumi.Config();
const tenant = config.require("tenant");
const environment = config.require("environment");

const keyring = new TenantKeyring(`${tenant}-${environment}`, {
  tenant,
  environment,
});

const documents = new EncryptedBucket(`${tenant}-${environment}-clinical-documents`, {
  tenant,
  environment,
  purpose: "clinical-documents",
  kmsKeyArn: keyring.dataKeyArn,
});

export const dataKeyArn = keyring.dataKeyArn;
export const dataKeyAlias = keyring.dataKeyAlias;
export const documentsBucket = documents.bucketName;
