import { HIPAA } from "../../catalog/hipaa";
import { requiredSettingsPolicy } from "./required-settings";

export const memorydbTls = requiredSettingsPolicy(
  {
    id: "memorydb-tls",
    description: "MemoryDB clusters keep TLS on.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps: "Leave tlsEnabled unset or set it to true (it cannot be changed after creation).",
  },
  ["aws:memorydb/cluster:Cluster"],
  [{ path: ["tlsEnabled"], allowed: [true], whenUnset: true, why: "clients reach the cluster in plaintext" }],
);
