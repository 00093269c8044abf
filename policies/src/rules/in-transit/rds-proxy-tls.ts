import { HIPAA } from "../../catalog/hipaa";
import { requiredSettingsPolicy } from "./required-settings";

export const rdsProxyTls = requiredSettingsPolicy(
  {
    id: "rds-proxy-tls",
    description: "RDS Proxy refuses client connections without TLS.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps: "Set requireTls: true on the aws.rds.Proxy.",
  },
  ["aws:rds/proxy:Proxy"],
  [{ path: ["requireTls"], allowed: [true], whenUnset: false, why: "clients may connect to the proxy in plaintext" }],
);
