import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { reportTlsSettings, settingName, TLS_FLOOR_SCHEMA, tlsFloorOf, TlsSettingSource } from "../../lib/tls-check";
import { forTypes, Props } from "../../lib/values";

const CERTIFICATE_TYPES = ["aws:acm/certificate:Certificate"] as const;

export const acmKeySettings: TlsSettingSource = {
  types: CERTIFICATE_TYPES,
  settings: (props) => [
    {
      service: "acm-key",
      field: "keyAlgorithm",
      value: settingName(props.keyAlgorithm),
      recommend: "EC_prime256v1 or EC_secp384r1 (or RSA_2048+)",
    },
  ],
};

export const acmCertificateKey = resourcePolicy(
  {
    id: "acm-certificate-key",
    description: "ACM certificates use RSA 2048+ or EC P-256/P-384 keys.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "medium",
    remediationSteps:
      'Request the certificate with keyAlgorithm "EC_prime256v1" (or "EC_secp384r1"; "RSA_2048" is the minimum).',
  },
  {
    configSchema: TLS_FLOOR_SCHEMA,
    validateResource: forTypes(CERTIFICATE_TYPES, (props: Props, args, report: ReportViolation) => {
      reportTlsSettings(acmKeySettings.settings(props), tlsFloorOf(args), report);
    }),
  },
);
