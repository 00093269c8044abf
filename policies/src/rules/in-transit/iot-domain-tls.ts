import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { reportTlsSettings, settingName, TLS_FLOOR_SCHEMA, tlsFloorOf, TlsSettingSource } from "../../lib/tls-check";
import { asObject, forTypes, Props } from "../../lib/values";

const DOMAIN_TYPES = ["aws:iot/domainConfiguration:DomainConfiguration"] as const;

export const iotDomainTlsSettings: TlsSettingSource = {
  types: DOMAIN_TYPES,
  settings: (props) => [
    {
      service: "iot",
      field: "tlsConfig.securityPolicy",
      value: settingName(asObject(props.tlsConfig)?.securityPolicy),
      recommend: "IoTSecurityPolicy_TLS13_1_3_2022_10",
    },
  ],
};

export const iotDomainTls = resourcePolicy(
  {
    id: "iot-domain-tls",
    description: "IoT Core domain configurations use a TLS security policy at or above the TLS floor.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      'Set tlsConfig.securityPolicy "IoTSecurityPolicy_TLS13_1_3_2022_10" (every other IoT policy still offers CBC-SHA1 or static RSA).',
  },
  {
    configSchema: TLS_FLOOR_SCHEMA,
    validateResource: forTypes(DOMAIN_TYPES, (props: Props, args, report: ReportViolation) => {
      reportTlsSettings(iotDomainTlsSettings.settings(props), tlsFloorOf(args), report);
    }),
  },
);
