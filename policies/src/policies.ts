import type { Policies } from "@pulumi/policy";
import { atRestPolicies } from "./rules/at-rest";
import { inTransitPolicies } from "./rules/in-transit";

/** Every policy of the pack; index.ts serves them, unit tests drive them without a server. */
export const policies: Policies = [...atRestPolicies, ...inTransitPolicies];
