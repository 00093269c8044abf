import { HIPAA } from "../../catalog/hipaa";
import { requiredSettingsPolicy } from "./required-settings";

/** SES (Require/Optional) and SES v2 (REQUIRE/OPTIONAL) spell the values differently. */
export const sesTlsRequired = requiredSettingsPolicy(
  {
    id: "ses-tls-required",
    description: "SES configuration sets deliver mail only over TLS.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps: 'Set deliveryOptions.tlsPolicy to "Require" (aws.ses) or "REQUIRE" (aws.sesv2).',
  },
  ["aws:ses/configurationSet:ConfigurationSet", "aws:sesv2/configurationSet:ConfigurationSet"],
  [
    {
      path: ["deliveryOptions", "tlsPolicy"],
      allowed: ["Require", "REQUIRE"],
      whenUnset: "Optional",
      why: "mail falls back to plaintext when the receiving server offers no TLS",
    },
  ],
);
