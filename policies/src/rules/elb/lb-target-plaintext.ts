import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { asArray, asObject, asString, ofTypes, Props, read, Unknowns } from "../../lib/values";
import { knownOrUndefined } from "../in-transit/known";
import { LISTENER_TYPES, listenerProtocol } from "./lb-listener-tls";

const TARGET_GROUP_TYPES = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];
const LISTENER_RULE_TYPES = ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"];
const PLAINTEXT_TARGET_PROTOCOLS = ["HTTP", "TCP", "UDP", "TCP_UDP"];
/** Lambda targets are invoked over the AWS API; `alb` targets are load balancers with listeners of their own. */
const NO_WIRE_TARGET_TYPES = ["lambda", "alb"];

/** Target group ARNs named literally in forward actions (single target and weighted forward). */
function forwardedArns(actions: unknown): string[] {
  return (knownOrUndefined(() => asArray(actions)) ?? []).flatMap((_, i) => {
    const action = knownOrUndefined(() => asObject(asArray(actions)[i]));
    const weighted = knownOrUndefined(() => asArray(asObject(action?.forward)?.targetGroups)) ?? [];
    const arns = [
      knownOrUndefined(() => asString(action?.targetGroupArn)),
      ...weighted.map((g) => knownOrUndefined(() => asString(asObject(g)?.arn))),
    ];
    return arns.flatMap((arn) => (arn ? [arn] : []));
  });
}

/** Target groups an encrypted listener (or a rule on it) forwards to, through dependencies or literal ARNs. */
function forwardedGroups(source: PolicyResource, actionsProp: string, groups: PolicyResource[]): PolicyResource[] {
  const deps = new Set((source.propertyDependencies[actionsProp] ?? []).map((d) => d.urn));
  const arns = forwardedArns(knownOrUndefined(() => source.props[actionsProp]));
  return groups.filter((g) => {
    if (deps.has(g.urn)) return true;
    const arn = knownOrUndefined(() => asString(g.props.arn));
    return arn !== undefined && arns.includes(arn);
  });
}

function isEncryptedListener(l: PolicyResource, unknowns: Unknowns): boolean {
  const protocol = read(() => listenerProtocol(l.props as Props));
  if (!protocol.known) unknowns.note(protocol);
  return protocol.known && ["HTTPS", "TLS"].includes(protocol.value);
}

export const lbTargetPlaintext = stackPolicy(
  {
    id: "lb-target-plaintext",
    description:
      "Target groups behind HTTPS or TLS listeners receive the traffic over HTTPS or TLS too, not in plaintext.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      "Give the target group protocol HTTPS (ALB) or TLS (NLB) and serve TLS on the targets; or set this policy's enforcementLevel to advisory in the policy pack config where the hop stays inside a private subnet by a documented decision.",
  },
  {
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const listeners = ofTypes(args.resources, LISTENER_TYPES);
      if (listeners.length === 0) return args.notApplicable("no load balancer listeners in the stack");
      const groups = ofTypes(args.resources, TARGET_GROUP_TYPES);
      const rules = ofTypes(args.resources, LISTENER_RULE_TYPES);
      const unknowns = new Unknowns();
      const reported = new Set<string>();
      for (const listener of listeners.filter((l) => isEncryptedListener(l, unknowns))) {
        const onListener = rules.filter((r) =>
          (r.propertyDependencies["listenerArn"] ?? []).some((d) => d.urn === listener.urn),
        );
        const targets = [
          ...forwardedGroups(listener, "defaultActions", groups),
          ...onListener.flatMap((r) => forwardedGroups(r, "actions", groups)),
        ];
        for (const g of targets) {
          if (reported.has(g.urn)) continue;
          const tg = read(() => ({
            protocol: asString(g.props.protocol)?.toUpperCase(),
            type: asString(g.props.targetType),
          }));
          if (!tg.known) {
            unknowns.note(tg);
            continue;
          }
          if (NO_WIRE_TARGET_TYPES.includes(tg.value.type ?? "")) continue;
          if (PLAINTEXT_TARGET_PROTOCOLS.includes(tg.value.protocol ?? "HTTP")) {
            reported.add(g.urn);
            report(
              `target group ${g.name} receives ePHI from encrypted listener ${listener.name} and forwards it to targets over ${tg.value.protocol ?? "HTTP (unset)"} in plaintext; use HTTPS or TLS`,
              g.urn,
            );
          }
        }
      }
      unknowns.rethrow();
    },
  },
);
