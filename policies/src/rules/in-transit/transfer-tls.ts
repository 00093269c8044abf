import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import {
  reportTlsSettings,
  settingName,
  TLS_FLOOR_SCHEMA,
  tlsFloorOf,
  TlsSetting,
  TlsSettingSource,
} from "../../lib/tls-check";
import { asArray, forTypes, Props } from "../../lib/values";

const SERVER_TYPES = ["aws:transfer/server:Server"] as const;
const RECOMMEND = "TransferSecurityPolicy-2025-03 (or FIPS-2025-03)";

/** AWS enables SFTP only when protocols is unset; a value that is not a list is kept so it gets reported. */
function protocolsOf(props: Props): unknown[] {
  const raw = props.protocols;
  if (raw === undefined) return ["SFTP"];
  return Array.isArray(raw) ? asArray(raw) : [raw];
}

/** One policy name, rated on the SFTP side and, when FTPS is on, on its TLS side. */
export const transferTlsSettings: TlsSettingSource = {
  types: SERVER_TYPES,
  settings: (props) => {
    const protocols = protocolsOf(props);
    const value = settingName(props.securityPolicyName);
    const base = { service: "transfer" as const, field: "securityPolicyName", value, recommend: RECOMMEND };
    const settings: TlsSetting[] = [];
    if (protocols.includes("SFTP")) settings.push(base);
    if (protocols.includes("FTPS")) settings.push({ ...base, field: "securityPolicyName (FTPS side)", facet: "ftps" });
    return settings;
  },
};

export const transferTls = resourcePolicy(
  {
    id: "transfer-server-tls",
    description: "Transfer Family servers offer no plain FTP and use a security policy at or above the TLS floor.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps: `Remove FTP from protocols (use SFTP or FTPS) and set securityPolicyName ${RECOMMEND}.`,
  },
  {
    configSchema: TLS_FLOOR_SCHEMA,
    validateResource: forTypes(SERVER_TYPES, (props: Props, args, report: ReportViolation) => {
      const protocols = protocolsOf(props);
      if (protocols.includes("FTP"))
        report("protocols includes FTP, which sends credentials and files in plaintext; use SFTP or FTPS");
      const unknown = protocols.filter((p) => !["SFTP", "FTPS", "FTP", "AS2"].includes(p as string));
      if (unknown.length)
        report(`protocols ${JSON.stringify(unknown)} are not ones ephi-guard can verify as encrypted`);
      reportTlsSettings(transferTlsSettings.settings(props), tlsFloorOf(args), report);
    }),
  },
);
