import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { reportTlsSettings, settingName, TLS_FLOOR_SCHEMA, tlsFloorOf, TlsSettingSource } from "../../lib/tls-check";
import { asObject, forTypes, Props } from "../../lib/values";

const REST_DOMAIN = "aws:apigateway/domainName:DomainName";
const V2_DOMAIN = "aws:apigatewayv2/domainName:DomainName";
const RECOMMEND = "SecurityPolicy_TLS13_1_3_2025_09 (or its FIPS variant) with endpointAccessMode STRICT";

/** REST domains carry `securityPolicy`; HTTP/WebSocket domains carry it in `domainNameConfiguration`. */
export const apigatewayDomainTlsSettings: TlsSettingSource = {
  types: [REST_DOMAIN, V2_DOMAIN],
  settings: (props) => [
    {
      service: "apigateway",
      field: "securityPolicy",
      value: settingName(asObject(props.domainNameConfiguration)?.securityPolicy ?? props.securityPolicy),
      recommend: RECOMMEND,
    },
  ],
};

export const apigatewayDomainTls = resourcePolicy(
  {
    id: "apigateway-domain-tls",
    description: "API Gateway REST, HTTP and WebSocket custom domains use a security policy at or above the TLS floor.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      "REST: set securityPolicy SecurityPolicy_TLS13_1_3_2025_09 (or _FIPS_) and endpointAccessMode STRICT. HTTP/WebSocket APIs only offer TLS_1_0 and TLS_1_2, both with static-RSA suites: front them with a REST API or CloudFront, or record an exemption.",
  },
  {
    configSchema: TLS_FLOOR_SCHEMA,
    validateResource: forTypes([REST_DOMAIN, V2_DOMAIN], (props: Props, args, report: ReportViolation) => {
      reportTlsSettings(apigatewayDomainTlsSettings.settings(props), tlsFloorOf(args), report);
    }),
  },
);
