import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { lookupTlsPolicy, TLS_SERVICE_DEFAULTS, TlsPolicyEntry } from "../../catalog/tls-policies";
import { resourcePolicy } from "../../lib/define";
import { asArray, asObject, asString, forTypes, Props } from "../../lib/values";

/** `aws.alb.Listener` is an alias module of `aws.lb.Listener` with its own token. */
const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;
const ENCRYPTED_PROTOCOLS = ["HTTPS", "TLS"];
const PLAINTEXT_NLB_PROTOCOLS = ["TCP", "UDP", "TCP_UDP"];

export type TlsFloor = "acceptable" | "strong";

function describe(p: TlsPolicyEntry): string {
  const facts = [
    `TLS ${p.minVersion}-${p.maxVersion}`,
    p.forwardSecrecyOnly ? "forward secrecy only" : "suites without forward secrecy",
    ...(p.sha1 ? ["SHA1 suites"] : []),
    ...(p.cbc ? ["CBC suites"] : []),
  ];
  return `${p.name} is ${p.verdict} (${facts.join(", ")}${p.unverified ? `; unverified: ${p.unverified}` : ""})`;
}

/** The reason a TLS policy name fails the floor, or undefined when it passes. */
export function elbTlsPolicyProblem(name: string | undefined, floor: TlsFloor): string | undefined {
  if (!name) {
    const fallback = lookupTlsPolicy("elbv2", TLS_SERVICE_DEFAULTS.elbv2!)!;
    return `sslPolicy is not set, so AWS applies ${describe(fallback)}; set ELBSecurityPolicy-TLS13-1-2-Res-2021-06 or stronger`;
  }
  const entry = lookupTlsPolicy("elbv2", name);
  if (!entry) {
    return `sslPolicy ${JSON.stringify(name)} is not in ephi-guard's TLS catalogue; verify its protocols and ciphers with \`aws elbv2 describe-ssl-policies --names ${name}\` and add it to policies/src/catalog/tls-policies.ts`;
  }
  if (entry.verdict === "weak" || (floor === "strong" && entry.verdict !== "strong")) {
    return `sslPolicy ${describe(entry)}; the floor is ${floor}: use ELBSecurityPolicy-TLS13-1-2-Res-2021-06, a TLS13-1-3 policy, or their FIPS/PQ variants`;
  }
  return undefined;
}

/** Plain HTTP is acceptable only when every default action redirects to HTTPS. */
function isRedirectToHttps(actions: unknown[]): boolean {
  return (
    actions.length > 0 &&
    actions.every((a) => {
      const action = asObject(a);
      return action?.type === "redirect" && asString(asObject(action.redirect)?.protocol) === "HTTPS";
    })
  );
}

export const lbListenerTls = resourcePolicy(
  {
    id: "lb-listener-tls",
    description: "ALB and NLB listeners terminate TLS with a strong or acceptable policy; plain HTTP only redirects to HTTPS.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      "Use protocol HTTPS (ALB) or TLS (NLB) with sslPolicy ELBSecurityPolicy-TLS13-1-2-Res-2021-06 (or a TLS13-1-3, FIPS or PQ variant); make port-80 listeners a redirect to HTTPS; or use ephi-guard's TlsLoadBalancer.",
  },
  {
    configSchema: {
      properties: {
        tlsFloor: {
          type: "string",
          enum: ["acceptable", "strong"],
          default: "acceptable",
          description: "acceptable: weak policies fail; strong: TLS 1.2 policies with CBC suites fail too.",
        },
      },
    },
    validateResource: forTypes(LISTENER_TYPES, (props: Props, args, report: ReportViolation) => {
      const floor = args.getConfig<{ tlsFloor?: TlsFloor }>().tlsFloor ?? "acceptable";
      const rawProtocol = props.protocol;
      const protocol = (asString(rawProtocol) ?? (rawProtocol === undefined ? "HTTP" : "")).toUpperCase();
      const port = typeof props.port === "number" ? ` on port ${props.port}` : "";
      if (ENCRYPTED_PROTOCOLS.includes(protocol)) {
        const problem = elbTlsPolicyProblem(asString(props.sslPolicy), floor);
        if (problem) report(`${protocol} listener${port}: ${problem}`);
      } else if (protocol === "HTTP") {
        if (!isRedirectToHttps(asArray(props.defaultActions))) {
          report(`HTTP listener${port} serves plaintext; its default actions must all be redirects with protocol HTTPS`);
        }
      } else if (PLAINTEXT_NLB_PROTOCOLS.includes(protocol)) {
        report(`${protocol} listener${port} carries traffic unencrypted; use a TLS listener with a strong TLS policy`);
      } else if (protocol === "GENEVE") {
        args.notApplicable("Gateway Load Balancer listeners forward packets without terminating them");
      } else {
        report(`listener protocol ${JSON.stringify(rawProtocol)} is not one ephi-guard can verify as encrypted`);
      }
    }),
  },
);
