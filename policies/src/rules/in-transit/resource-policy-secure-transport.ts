import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { asString, Known, ofTypes, Props, read, Unknowns } from "../../lib/values";
import { knownOrUndefined, knownStrings } from "./known";
import { deniesInsecureTransport, statementsOf } from "./policy-documents";

/** A data store and the resources whose policy document applies to it. */
export interface PolicyTarget {
  label: string;
  /** IAM service prefix its actions use */
  service: string;
  types: readonly string[];
  /** the store's own inline policy property, where it has one */
  inline?: string;
  policyTypes: readonly string[];
  /** the policy resource's property that names the store */
  linkProp: string;
  /** the store's properties that the link may hold as a literal (state files) */
  idProps: readonly string[];
}

export const POLICY_TARGETS: readonly PolicyTarget[] = [
  {
    label: "S3 bucket",
    service: "s3",
    types: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    inline: "policy",
    policyTypes: ["aws:s3/bucketPolicy:BucketPolicy"],
    linkProp: "bucket",
    idProps: ["id", "bucket"],
  },
  {
    label: "SQS queue",
    service: "sqs",
    types: ["aws:sqs/queue:Queue"],
    inline: "policy",
    policyTypes: ["aws:sqs/queuePolicy:QueuePolicy"],
    linkProp: "queueUrl",
    idProps: ["id", "url"],
  },
  {
    label: "SNS topic",
    service: "sns",
    types: ["aws:sns/topic:Topic"],
    inline: "policy",
    policyTypes: ["aws:sns/topicPolicy:TopicPolicy"],
    linkProp: "arn",
    idProps: ["id", "arn"],
  },
  {
    label: "EFS file system",
    service: "elasticfilesystem",
    types: ["aws:efs/fileSystem:FileSystem"],
    policyTypes: ["aws:efs/fileSystemPolicy:FileSystemPolicy"],
    linkProp: "fileSystemId",
    idProps: ["id"],
  },
];

/** Policy resources of the target's kind that point at `store`, by dependency or by literal id. */
export function linkedPolicies(
  store: PolicyResource,
  t: PolicyTarget,
  stack: readonly PolicyResource[],
): PolicyResource[] {
  const ids = knownStrings(store.props, t.idProps);
  return ofTypes([...stack], t.policyTypes).filter((p) => {
    if ((p.propertyDependencies[t.linkProp] ?? []).some((d) => d.urn === store.urn)) return true;
    const v = knownOrUndefined(() => asString(p.props[t.linkProp]));
    return v !== undefined && ids.includes(v);
  });
}

/** Every policy document that applies to a store: its inline one and the linked policy resources'. */
export function documentsOf(
  store: PolicyResource,
  t: PolicyTarget,
  stack: readonly PolicyResource[],
): { known: unknown[]; unknown: Extract<Known<unknown>, { known: false }>[] } {
  const sources: { props: Props; key: string }[] = [
    ...(t.inline ? [{ props: store.props, key: t.inline }] : []),
    ...linkedPolicies(store, t, stack).map((p) => ({ props: p.props, key: "policy" })),
  ];
  const known: unknown[] = [];
  const unknown: Extract<Known<unknown>, { known: false }>[] = [];
  for (const s of sources) {
    const doc = read(() => s.props[s.key]);
    if (!doc.known) {
      unknown.push(doc);
    } else if (doc.value !== undefined && doc.value !== null && doc.value !== "") {
      known.push(doc.value);
    }
  }
  return { known, unknown };
}

export const resourcePolicySecureTransport = stackPolicy(
  {
    id: "resource-policy-deny-insecure-transport",
    description:
      "S3 buckets, SQS queues, SNS topics and EFS file systems have a resource policy that denies requests without TLS.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      'Attach a policy (aws.s3.BucketPolicy, aws.sqs.QueuePolicy, aws.sns.TopicPolicy, aws.efs.FileSystemPolicy) with a statement { Effect: "Deny", Principal: "*", Action: "<service>:*", Resource: [...], Condition: { Bool: { "aws:SecureTransport": "false" } } }; EncryptedBucket does this for S3.',
  },
  {
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const unknowns = new Unknowns();
      let stores = 0;
      for (const t of POLICY_TARGETS) {
        for (const store of ofTypes(args.resources, t.types)) {
          stores++;
          const docs = documentsOf(store, t, args.resources);
          if (docs.known.some((d) => statementsOf(d).some((s) => deniesInsecureTransport(s, t.service)))) continue;
          // a document still unknown at preview may hold the statement
          if (docs.unknown.length) {
            unknowns.note(docs.unknown[0]);
            continue;
          }
          report(
            `${t.label} ${store.name} has no resource policy statement denying ${t.service}:* to everyone when aws:SecureTransport is false, so it accepts plaintext requests`,
            store.urn,
          );
        }
      }
      if (stores === 0)
        return args.notApplicable("no S3 buckets, SQS queues, SNS topics or EFS file systems in the stack");
      unknowns.rethrow();
    },
  },
);
