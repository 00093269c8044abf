import { HIPAA } from "../../catalog/hipaa";
import { requiredSettingsPolicy } from "./required-settings";

const TRANSIT = ["encryptionInfo", "encryptionInTransit"];

/** MSK Serverless has no setting: it is TLS only. */
export const mskTls = requiredSettingsPolicy(
  {
    id: "msk-tls",
    description: "MSK clusters accept TLS only from clients, set explicitly, and encrypt traffic between brokers.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps: 'Set encryptionInfo.encryptionInTransit = { clientBroker: "TLS", inCluster: true }.',
  },
  ["aws:msk/cluster:Cluster"],
  [
    // the API says the default is TLS_PLAINTEXT, Terraform docs say TLS depending on version
    {
      path: [...TRANSIT, "clientBroker"],
      allowed: ["TLS"],
      whenUnset: "must-set",
      why: "TLS_PLAINTEXT and PLAINTEXT let clients send plaintext",
    },
    {
      path: [...TRANSIT, "inCluster"],
      allowed: [true],
      whenUnset: true,
      why: "brokers replicate to each other in plaintext",
    },
  ],
);
