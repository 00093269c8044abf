import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { forTypes } from "../../lib/values";

export const iamServerCertificate = resourcePolicy(
  {
    id: "iam-server-certificate-discouraged",
    description: "TLS certificates come from ACM rather than IAM server certificates.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption, HIPAA.riskManagement],
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps:
      "Request or import the certificate in ACM (aws.acm.Certificate) and reference its ARN; then delete the IAM server certificate.",
  },
  {
    validateResource: forTypes(
      ["aws:iam/serverCertificate:ServerCertificate"],
      (_props, _args, report: ReportViolation) => {
        // IAM keeps the private key outside ACM's managed renewal and key-algorithm controls
        report(
          "IAM server certificates are neither renewed by AWS nor rated by ephi-guard's key checks; use an ACM certificate",
        );
      },
    ),
  },
);
