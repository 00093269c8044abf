import { AT_REST } from "../../catalog/encryption-at-rest";
import { atRestPolicy } from "../../lib/at-rest-check";

const EBS_FIX = "set encrypted: true and kmsKeyId to the tenant's customer-managed KMS key";

export const ebsVolumeEncryption = atRestPolicy(
  {
    id: "ebs-volume-encryption-cmk",
    description: "EBS volumes are encrypted under a customer-managed KMS key.",
    severity: "critical",
    remediationSteps: `On aws.ebs.Volume ${EBS_FIX}; or turn on aws.ebs.EncryptionByDefault with an aws.ebs.DefaultKmsKey naming a customer-managed key.`,
  },
  [AT_REST.ebsVolume],
);

export const ebsSnapshotCopyEncryption = atRestPolicy(
  {
    id: "ebs-snapshot-copy-encryption-cmk",
    description: "EBS snapshot copies and imported snapshots are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `On aws.ebs.SnapshotCopy and aws.ebs.SnapshotImport ${EBS_FIX}, rather than relying on the source.`,
  },
  [AT_REST.ebsSnapshotCopy, AT_REST.ebsSnapshotImport],
);

export const amiEncryption = atRestPolicy(
  {
    id: "ami-encryption-cmk",
    description: "AMIs and AMI copies have encrypted block devices; copies name a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `On aws.ec2.AmiCopy ${EBS_FIX}; on aws.ec2.Ami set encrypted: true on every ebsBlockDevices entry and register encrypted snapshots.`,
  },
  [AT_REST.ami, AT_REST.amiCopy],
);

export const ec2InstanceVolumeEncryption = atRestPolicy(
  {
    id: "ec2-instance-volume-encryption-cmk",
    description: "EC2 instance root and EBS block devices are encrypted under a customer-managed KMS key.",
    severity: "critical",
    remediationSteps: `Declare rootBlockDevice and every ebsBlockDevices entry and ${EBS_FIX}; or turn on aws.ebs.EncryptionByDefault with an aws.ebs.DefaultKmsKey in the stack.`,
  },
  [AT_REST.ec2Instance],
);

export const launchTemplateEncryption = atRestPolicy(
  {
    id: "ec2-launch-template-encryption-cmk",
    description: "Launch template EBS block device mappings are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `In every blockDeviceMappings[].ebs ${EBS_FIX.replace("true", '"true"')}.`,
  },
  [AT_REST.launchTemplate],
);

export const launchConfigurationEncryption = atRestPolicy(
  {
    id: "ec2-launch-configuration-encryption",
    description: "Launch configuration root and EBS block devices are encrypted.",
    severity: "high",
    remediationSteps:
      "Set encrypted: true on rootBlockDevice and every ebsBlockDevices entry; launch configurations cannot name a key, so move to a launch template with a customer-managed key.",
  },
  [AT_REST.launchConfiguration],
);

export const lambdaEnvironmentEncryption = atRestPolicy(
  {
    id: "lambda-environment-encryption-cmk",
    description: "Lambda functions with environment variables encrypt them under a customer-managed KMS key.",
    severity: "high",
    remediationSteps:
      "On aws.lambda.Function set kmsKeyArn to the tenant's customer-managed key (and keep secrets in Secrets Manager).",
  },
  [AT_REST.lambdaEnvironment],
);

export const codebuildEncryption = atRestPolicy(
  {
    id: "codebuild-encryption-cmk",
    description: "CodeBuild projects encrypt artifacts and S3 logs, under a customer-managed KMS key.",
    severity: "medium",
    remediationSteps:
      "Set encryptionKey to the tenant's customer-managed key and never set encryptionDisabled on artifacts, secondary artifacts or S3 logs.",
  },
  [AT_REST.codebuildProject],
);

export const ecrEncryption = atRestPolicy(
  {
    id: "ecr-repository-encryption-cmk",
    description:
      "ECR repositories (and repository creation templates) encrypt images with KMS under a customer-managed key.",
    severity: "medium",
    remediationSteps: 'Add encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <customer-managed key ARN> }].',
  },
  [AT_REST.ecrRepository],
);

export const eksSecretsEncryption = atRestPolicy(
  {
    id: "eks-secrets-encryption-cmk",
    description: "EKS clusters envelope-encrypt Kubernetes secrets under a customer-managed KMS key.",
    severity: "high",
    remediationSteps:
      'Set encryptionConfig: { resources: ["secrets"], provider: { keyArn: <customer-managed key ARN> } }.',
  },
  [AT_REST.eksSecrets],
);

export const dlmCrossRegionCopyEncryption = atRestPolicy(
  {
    id: "dlm-cross-region-copy-encryption-cmk",
    description: "Data Lifecycle Manager cross-region snapshot copies are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps:
      "On every crossRegionCopyRules entry (and event-based crossRegionCopies encryptionConfiguration) set encrypted: true and cmkArn to the tenant's key in the target region.",
  },
  [AT_REST.dlmCrossRegionCopy],
);

export const codepipelineEncryption = atRestPolicy(
  {
    id: "codepipeline-artifact-encryption-cmk",
    description: "CodePipeline artifact stores encrypt artifacts under a customer-managed KMS key.",
    severity: "medium",
    remediationSteps:
      'Set encryptionKey: { id: <customer-managed key ARN>, type: "KMS" } on every artifactStores entry.',
  },
  [AT_REST.codepipeline],
);

export const imagebuilderEncryption = atRestPolicy(
  {
    id: "imagebuilder-encryption-cmk",
    description:
      "EC2 Image Builder components, recipe volumes and distributed AMIs are encrypted under a customer-managed KMS key.",
    severity: "medium",
    remediationSteps:
      'Set kmsKeyId on components and amiDistributionConfiguration, and encrypted: "true" with kmsKeyId on every recipe blockDeviceMappings[].ebs.',
  },
  [AT_REST.imagebuilder, AT_REST.imagebuilderRecipe, AT_REST.imagebuilderDistribution],
);
