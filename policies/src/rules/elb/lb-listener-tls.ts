import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { reportTlsSettings, settingName, TLS_FLOOR_SCHEMA, tlsFloorOf, TlsSettingSource } from "../../lib/tls-check";
import { asArray, asObject, asString, forTypes, Props } from "../../lib/values";

/** `aws.alb.Listener` is an alias module of `aws.lb.Listener` with its own token. */
export const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;
const ENCRYPTED_PROTOCOLS = ["HTTPS", "TLS"];
const PLAINTEXT_NLB_PROTOCOLS = ["TCP", "UDP", "TCP_UDP"];
export const ELB_RECOMMEND = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06, a TLS13-1-3 policy, or their FIPS/PQ variants";

/** Upper-cased protocol; AWS treats an unset protocol on an ALB listener as HTTP. */
export function listenerProtocol(props: Props): string {
  const raw = props.protocol;
  return (asString(raw) ?? (raw === undefined ? "HTTP" : "")).toUpperCase();
}

/** Plain HTTP is acceptable only when every default action redirects to HTTPS. */
export function isRedirectToHttps(actions: unknown[]): boolean {
  return (
    actions.length > 0 &&
    actions.every((a) => {
      const action = asObject(a);
      return action?.type === "redirect" && asString(asObject(action.redirect)?.protocol)?.toUpperCase() === "HTTPS";
    })
  );
}

/** The listener's TLS policy, for HTTPS (ALB) and TLS (NLB) listeners on any port. */
export const listenerTlsSettings: TlsSettingSource = {
  types: LISTENER_TYPES,
  settings: (props) =>
    ENCRYPTED_PROTOCOLS.includes(listenerProtocol(props))
      ? [{ service: "elbv2", field: "sslPolicy", value: settingName(props.sslPolicy), recommend: ELB_RECOMMEND }]
      : [],
};

export const lbListenerTls = resourcePolicy(
  {
    id: "lb-listener-tls",
    description:
      "ALB and NLB listeners terminate TLS with a policy at or above the TLS floor; plain HTTP only redirects to HTTPS.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      "Use protocol HTTPS (ALB) or TLS (NLB) with sslPolicy ELBSecurityPolicy-TLS13-1-2-Res-2021-06 (or a TLS13-1-3, FIPS or PQ variant); make port-80 listeners a redirect to HTTPS; or use ephi-guard's TlsLoadBalancer.",
  },
  {
    configSchema: TLS_FLOOR_SCHEMA,
    validateResource: forTypes(LISTENER_TYPES, (props: Props, args, report: ReportViolation) => {
      const protocol = listenerProtocol(props);
      const where = `${protocol || JSON.stringify(props.protocol)} listener${typeof props.port === "number" ? ` on port ${props.port}` : ""}`;
      if (ENCRYPTED_PROTOCOLS.includes(protocol)) {
        reportTlsSettings(listenerTlsSettings.settings(props), tlsFloorOf(args), report, where);
      } else if (protocol === "HTTP") {
        if (!isRedirectToHttps(asArray(props.defaultActions))) {
          report(`${where} serves plaintext; its default actions must all be redirects with protocol HTTPS`);
        }
      } else if (PLAINTEXT_NLB_PROTOCOLS.includes(protocol)) {
        report(`${where} carries traffic unencrypted; use a TLS listener with a strong TLS policy`);
      } else if (protocol === "GENEVE") {
        args.notApplicable("Gateway Load Balancer listeners forward packets without terminating them");
      } else {
        report(`listener protocol ${JSON.stringify(props.protocol)} is not one ephi-guard can verify as encrypted`);
      }
    }),
  },
);
