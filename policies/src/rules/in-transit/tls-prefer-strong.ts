import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { tlsSettingAdvice, TlsSettingSource } from "../../lib/tls-check";
import { Props } from "../../lib/values";
import { listenerTlsSettings } from "../elb/lb-listener-tls";
import { acmKeySettings } from "./acm-certificate-key";
import { apigatewayDomainTlsSettings } from "./apigateway-domain-tls";
import { cloudfrontTlsSettings } from "./cloudfront-tls";
import { documentdbGroupTlsSettings } from "./documentdb-tls";
import { iotDomainTlsSettings } from "./iot-domain-tls";
import { opensearchTlsSettings } from "./opensearch-tls";
import { transferTlsSettings } from "./transfer-tls";

/** Every resource setting the mandatory TLS rules rate from the catalogue. */
const SOURCES: readonly TlsSettingSource[] = [
  listenerTlsSettings,
  cloudfrontTlsSettings,
  apigatewayDomainTlsSettings,
  opensearchTlsSettings,
  transferTlsSettings,
  acmKeySettings,
  iotDomainTlsSettings,
  documentdbGroupTlsSettings,
];
const TYPES = SOURCES.flatMap((s) => s.types);

/**
 * A mandatory policy's report always fails the run, so the "passes, but prefer TLS 1.3" note lives in its own
 * advisory policy over the same settings.
 */
export const tlsPreferStrong = resourcePolicy(
  {
    id: "tls-prefer-strong",
    description:
      "TLS settings that pass as acceptable (TLS 1.2 with CBC suites, or no TLS 1.3) are flagged for an upgrade to a strong policy.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption, HIPAA.riskManagement],
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps:
      "Move to the strong policy the message names; set tlsFloor: strong in the pack config once every resource is there.",
  },
  {
    validateResource: (args, report: ReportViolation) => {
      if (!TYPES.includes(args.type)) return args.notApplicable("no catalogue-rated TLS setting on this type");
      for (const source of SOURCES.filter((s) => s.types.includes(args.type))) {
        for (const setting of source.settings(args.props as Props)) {
          const advice = tlsSettingAdvice(setting);
          if (advice) report(advice);
        }
      }
    },
  },
);
