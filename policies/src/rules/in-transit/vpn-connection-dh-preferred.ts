import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { asArray, forTypes, Props } from "../../lib/values";
import { PREFERRED_DH_GROUPS } from "./vpn-connection-ike";

const DH_OPTIONS = [
  "tunnel1Phase1DhGroupNumbers",
  "tunnel1Phase2DhGroupNumbers",
  "tunnel2Phase1DhGroupNumbers",
  "tunnel2Phase2DhGroupNumbers",
];

/** Groups 14-18 pass vpn-connection-ike; this advisory asks for the elliptic-curve groups on top. */
export const vpnConnectionDhPreferred = resourcePolicy(
  {
    id: "vpn-connection-dh-preferred",
    description: "Site-to-site VPN tunnels offer only the elliptic-curve Diffie-Hellman groups 19, 20 and 21.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps:
      "Set every tunnel's Phase1/Phase2DhGroupNumbers to [19, 20] (or 21), matching the customer gateway.",
  },
  {
    validateResource: forTypes(
      ["aws:ec2/vpnConnection:VpnConnection"],
      (props: Props, _args, report: ReportViolation) => {
        for (const option of DH_OPTIONS) {
          const modp = asArray(props[option]).filter((g) => !PREFERRED_DH_GROUPS.includes(g as number));
          if (modp.length)
            report(`${option} offers ${JSON.stringify(modp)}; prefer groups ${JSON.stringify(PREFERRED_DH_GROUPS)}`);
        }
      },
    ),
  },
);
