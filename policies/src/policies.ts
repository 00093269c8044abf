import type { Policies } from "@pulumi/policy";
import { atRestPolicies } from "./rules/at-rest";
import { exemptionPolicies } from "./rules/exemption";
import { inTransitPolicies } from "./rules/in-transit";
import { keyManagementPolicies } from "./rules/key-management";

const enforcing: Policies = [...atRestPolicies, ...inTransitPolicies, ...keyManagementPolicies];

/**
 * Every policy of the pack; index.ts serves them, unit tests drive them without a server. The
 * exemption register goes first: the SDK runs policies in this order within each Analyze call, so
 * the register is current before any policy consults it.
 */
export const policies: Policies = [...exemptionPolicies(() => new Set(policies.map((p) => p.name))), ...enforcing];
