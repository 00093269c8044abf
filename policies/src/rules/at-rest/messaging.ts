import { AT_REST } from "../../catalog/encryption-at-rest";
import { atRestPolicy } from "../../lib/at-rest-check";

const CMK = "the tenant's customer-managed KMS key";

export const sqsEncryption = atRestPolicy(
  {
    id: "sqs-queue-encryption-cmk",
    description: "SQS queues encrypt messages under a customer-managed KMS key, not SSE-SQS or alias/aws/sqs.",
    severity: "high",
    remediationSteps: `Set kmsMasterKeyId to ${CMK} (and leave sqsManagedSseEnabled unset).`,
  },
  [AT_REST.sqsQueue],
);

export const snsEncryption = atRestPolicy(
  {
    id: "sns-topic-encryption-cmk",
    description: "SNS topics encrypt messages under a customer-managed KMS key, not alias/aws/sns.",
    severity: "high",
    remediationSteps: `Set kmsMasterKeyId to ${CMK} and grant publishing services kms:GenerateDataKey* and kms:Decrypt in its key policy.`,
  },
  [AT_REST.snsTopic],
);

export const mqEncryption = atRestPolicy(
  {
    id: "mq-broker-encryption-cmk",
    description: "Amazon MQ brokers encrypt storage under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set encryptionOptions: { useAwsOwnedKey: false, kmsKeyId: ${CMK} }.`,
  },
  [AT_REST.mqBroker],
);

export const logGroupEncryption = atRestPolicy(
  {
    id: "cloudwatch-log-group-encryption-cmk",
    description: "CloudWatch log groups are encrypted under a customer-managed KMS key.",
    severity: "medium",
    remediationSteps: `Set kmsKeyId to ${CMK} and allow logs.<region>.amazonaws.com to use it in the key policy.`,
  },
  [AT_REST.logGroup],
);

export const cloudtrailEncryption = atRestPolicy(
  {
    id: "cloudtrail-encryption-cmk",
    description: "CloudTrail trails and event data stores are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set kmsKeyId to ${CMK} and allow cloudtrail.amazonaws.com to use it in the key policy.`,
  },
  [AT_REST.cloudtrail],
);

export const secretsManagerEncryption = atRestPolicy(
  {
    id: "secretsmanager-secret-cmk",
    description:
      "Secrets Manager secrets are encrypted under a customer-managed KMS key, not alias/aws/secretsmanager.",
    severity: "high",
    remediationSteps: `Set kmsKeyId to ${CMK}.`,
  },
  [AT_REST.secretsManager],
);

export const ssmParameterEncryption = atRestPolicy(
  {
    id: "ssm-parameter-cmk",
    description: "SSM SecureString parameters are encrypted under a customer-managed KMS key, not alias/aws/ssm.",
    severity: "high",
    remediationSteps: `On SecureString parameters set keyId to ${CMK}; never keep ePHI or secrets in String parameters.`,
  },
  [AT_REST.ssmParameter],
);
