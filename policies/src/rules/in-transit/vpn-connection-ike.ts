import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { asArray, forTypes, Props } from "../../lib/values";

/**
 * Site-to-site tunnel options. AWS offers every valid value of a list that is left unset, weak ones included, so each
 * list must be set and hold only allowed values. Values follow the reference's EC2 model table: AES-CBC passes,
 * SHA1 and the 1024/1536-bit and small-subgroup MODP groups (2, 5, 22-24) do not.
 */
const ALLOWED: Readonly<Record<string, readonly (string | number)[]>> = {
  IkeVersions: ["ikev2"],
  Phase1EncryptionAlgorithms: ["AES256", "AES256-GCM-16"],
  Phase2EncryptionAlgorithms: ["AES256", "AES256-GCM-16"],
  Phase1IntegrityAlgorithms: ["SHA2-256", "SHA2-384", "SHA2-512"],
  Phase2IntegrityAlgorithms: ["SHA2-256", "SHA2-384", "SHA2-512"],
  Phase1DhGroupNumbers: [14, 15, 16, 17, 18, 19, 20, 21],
  Phase2DhGroupNumbers: [14, 15, 16, 17, 18, 19, 20, 21],
};
/** Groups the advisory prefers: the elliptic-curve ones. */
export const PREFERRED_DH_GROUPS: readonly number[] = [19, 20, 21];

export function tunnelOptionProblems(props: Props): string[] {
  const problems: string[] = [];
  for (const tunnel of ["tunnel1", "tunnel2"]) {
    for (const [option, allowed] of Object.entries(ALLOWED)) {
      const field = `${tunnel}${option}`;
      const raw = props[field];
      const values = asArray(raw);
      if (raw === undefined || values.length === 0) {
        problems.push(
          `${field} is not set, so AWS also offers its weak values; set it to ${JSON.stringify(allowed)} or a subset`,
        );
        continue;
      }
      const bad = values.filter((v) => !allowed.includes(v as string | number));
      if (bad.length) problems.push(`${field} allows ${JSON.stringify(bad)}; allowed: ${JSON.stringify(allowed)}`);
    }
  }
  return problems;
}

export const vpnConnectionIke = resourcePolicy(
  {
    id: "vpn-connection-ike",
    description:
      "Site-to-site VPN tunnels pin IKEv2, AES-256, SHA-2 and Diffie-Hellman group 14 or higher on both tunnels.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      'On both tunnels set IkeVersions ["ikev2"], Phase1/2EncryptionAlgorithms ["AES256-GCM-16"], Phase1/2IntegrityAlgorithms ["SHA2-384"] and Phase1/2DhGroupNumbers [19, 20] (14+ at least); match the customer gateway.',
  },
  {
    validateResource: forTypes(
      ["aws:ec2/vpnConnection:VpnConnection"],
      (props: Props, _args, report: ReportViolation) => {
        for (const p of tunnelOptionProblems(props)) report(p);
      },
    ),
  },
);
