import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { asObject, asString, forTypes, Props } from "../../lib/values";
import { LISTENER_TYPES } from "./lb-listener-tls";

/** Why a partner-facing listener does not verify client certificates, or undefined when it does. */
export function mtlsProblem(props: Props): string | undefined {
  const mutual = asObject(props.mutualAuthentication);
  const mode = asString(mutual?.mode);
  if (mode !== "verify") {
    return `mutualAuthentication.mode is ${JSON.stringify(mode ?? null)}; partner APIs must verify client certificates (mode "verify")`;
  }
  if (!asString(mutual?.trustStoreArn))
    return "mutualAuthentication verifies without a trustStoreArn; name the partner CA trust store";
  if (mutual?.ignoreClientCertificateExpiry === true)
    return "mutualAuthentication.ignoreClientCertificateExpiry accepts expired client certificates";
  return undefined;
}

export const lbListenerMtls = resourcePolicy(
  {
    id: "lb-listener-mtls",
    description:
      "Listeners that the pack config names as partner or service-to-service APIs verify client certificates (mTLS) against a trust store.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      'Set mutualAuthentication { mode: "verify", trustStoreArn: <aws.lb.TrustStore arn> } on the listener; list it under partnerListeners in this policy\'s config.',
  },
  {
    configSchema: {
      properties: {
        partnerListeners: {
          type: "array",
          items: { type: "string" },
          default: [],
          description: "Listener resource names or URNs that serve partner or service-to-service APIs.",
        },
      },
    },
    validateResource: forTypes(LISTENER_TYPES, (props: Props, args, report: ReportViolation) => {
      const partners = args.getConfig<{ partnerListeners?: string[] }>().partnerListeners ?? [];
      if (!partners.includes(args.name) && !partners.includes(args.urn)) {
        return args.notApplicable("not listed in partnerListeners");
      }
      const problem = mtlsProblem(props);
      if (problem) report(problem);
    }),
  },
);
