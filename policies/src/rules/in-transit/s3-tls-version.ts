import type { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { ofTypes, Unknowns } from "../../lib/values";
import { deniesTlsBelow12, statementsOf } from "./policy-documents";
import { documentsOf, POLICY_TARGETS } from "./resource-policy-secure-transport";

const S3 = POLICY_TARGETS.find((t) => t.service === "s3")!;

export const s3TlsVersion = stackPolicy(
  {
    id: "s3-deny-tls-below-1-2",
    description: "S3 bucket policies also deny requests made with TLS older than 1.2 (s3:TlsVersion).",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps:
      'Add a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [...], Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } }.',
  },
  {
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const buckets = ofTypes(args.resources, S3.types);
      if (buckets.length === 0) return args.notApplicable("no S3 buckets in the stack");
      const unknowns = new Unknowns();
      for (const b of buckets) {
        const docs = documentsOf(b, S3, args.resources);
        if (docs.known.some((d) => statementsOf(d).some(deniesTlsBelow12))) continue;
        if (docs.unknown.length) {
          unknowns.note(docs.unknown[0]);
          continue;
        }
        report(
          `S3 bucket ${b.name}: no policy statement denies s3:TlsVersion below 1.2, AWS endpoints require TLS 1.2 today, and the statement keeps that floor in the bucket's own policy`,
          b.urn,
        );
      }
      unknowns.rethrow();
    },
  },
);
