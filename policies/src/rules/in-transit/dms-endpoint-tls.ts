import { HIPAA } from "../../catalog/hipaa";
import { asString } from "../../lib/values";
import { requiredSettingsPolicy } from "./required-settings";

/** Engines whose DMS endpoints take sslMode; others (S3, Kinesis, DynamoDB...) use HTTPS APIs or their own settings. */
const SSL_MODE_ENGINES = [
  "mysql",
  "mariadb",
  "aurora",
  "aurora-postgresql",
  "aurora-serverless",
  "postgres",
  "oracle",
  "sqlserver",
  "babelfish",
  "sybase",
  "db2",
  "db2-zos",
  "mongodb",
  "docdb",
  "redshift",
  "redshift-serverless",
  "azuredb",
  "azure-sql-managed-instance",
];

export const dmsEndpointTls = requiredSettingsPolicy(
  {
    id: "dms-endpoint-tls",
    description: "DMS database endpoints connect with TLS (sslMode require, verify-ca or verify-full).",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps: 'Set sslMode: "verify-full" (or "verify-ca"/"require") and certificateArn for the database CA.',
  },
  ["aws:dms/endpoint:Endpoint"],
  [
    {
      path: ["sslMode"],
      allowed: ["require", "verify-ca", "verify-full"],
      whenUnset: "none",
      why: "replication traffic crosses the network in plaintext",
    },
  ],
  (props) => {
    const engine = asString(props.engineName);
    return engine && !SSL_MODE_ENGINES.includes(engine) ? `engine ${engine} has no sslMode setting` : undefined;
  },
);
