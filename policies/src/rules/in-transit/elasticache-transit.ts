import { HIPAA } from "../../catalog/hipaa";
import { asString } from "../../lib/values";
import { RequiredSetting, requiredSettingsPolicy } from "./required-settings";

const ENABLED: RequiredSetting = {
  path: ["transitEncryptionEnabled"],
  allowed: [true],
  whenUnset: false,
  why: "clients reach the cache in plaintext",
};
const REQUIRED_MODE: RequiredSetting = {
  path: ["transitEncryptionMode"],
  // unset after enabling means required
  allowed: ["required"],
  whenUnset: "required",
  why: "preferred also accepts unencrypted connections",
};

/** Replication groups (Valkey/Redis OSS). Serverless caches have no setting: they always require TLS. */
export const elasticacheTransit = requiredSettingsPolicy(
  {
    id: "elasticache-transit-encryption",
    description:
      "ElastiCache replication groups and clusters require TLS from clients (transit encryption on, mode required).",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      'Set transitEncryptionEnabled: true and transitEncryptionMode: "required" (migrating from preferred first, then required), with an authToken or user group.',
  },
  ["aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/cluster:Cluster"],
  [ENABLED, REQUIRED_MODE],
  // a cluster that joins a replication group inherits the group's settings
  (props) =>
    asString(props.replicationGroupId) ? "member of a replication group, which carries the setting" : undefined,
);
