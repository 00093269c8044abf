import type { Policy } from "@pulumi/policy";
import { lbListenerTls } from "../elb/lb-listener-tls";

/** Encryption in transit policies. */
export const inTransitPolicies: Policy[] = [lbListenerTls];
