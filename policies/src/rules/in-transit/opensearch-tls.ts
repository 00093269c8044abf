import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { reportTlsSettings, settingName, TLS_FLOOR_SCHEMA, tlsFloorOf, TlsSettingSource } from "../../lib/tls-check";
import { asObject, forTypes, Props } from "../../lib/values";
import { RequiredSetting, requiredSettingProblem } from "./required-settings";

const DOMAIN_TYPES = ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"] as const;

export const opensearchTlsSettings: TlsSettingSource = {
  types: DOMAIN_TYPES,
  settings: (props) => [
    {
      service: "opensearch",
      field: "domainEndpointOptions.tlsSecurityPolicy",
      value: settingName(asObject(props.domainEndpointOptions)?.tlsSecurityPolicy),
      recommend: "Policy-Min-TLS-1-2-PFS-2023-10",
    },
  ],
};

const FLAGS: readonly RequiredSetting[] = [
  {
    path: ["domainEndpointOptions", "enforceHttps"],
    allowed: [true],
    whenUnset: false,
    why: "the endpoint also answers plain HTTP",
  },
  {
    path: ["nodeToNodeEncryption", "enabled"],
    allowed: [true],
    whenUnset: false,
    why: "nodes exchange data in plaintext",
  },
];

export const opensearchTls = resourcePolicy(
  {
    id: "opensearch-tls",
    description: "OpenSearch domains enforce HTTPS with a catalogued TLS policy and encrypt node-to-node traffic.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      'Set domainEndpointOptions { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" } and nodeToNodeEncryption { enabled: true }.',
  },
  {
    configSchema: TLS_FLOOR_SCHEMA,
    validateResource: forTypes(DOMAIN_TYPES, (props: Props, args, report: ReportViolation) => {
      for (const f of FLAGS) {
        const problem = requiredSettingProblem(props, f);
        if (problem) report(problem);
      }
      reportTlsSettings(opensearchTlsSettings.settings(props), tlsFloorOf(args), report);
    }),
  },
);
