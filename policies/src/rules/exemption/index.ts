import type { Policy } from "@pulumi/policy";
import { encryptionAlternativeMeasures, exemptionRegisterValid } from "./encryption-alternative-measures";

/** The register policies; `names` lists every policy of the pack, for validating entries. */
export function exemptionPolicies(names: () => ReadonlySet<string>): Policy[] {
  return [encryptionAlternativeMeasures(names), exemptionRegisterValid];
}
