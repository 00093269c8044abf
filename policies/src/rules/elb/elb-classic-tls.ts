import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { TlsPolicyFacts, tlsVerdict, TlsVersion } from "../../catalog/tls-policies";
import { stackPolicy } from "../../lib/define";
import { passesFloor, reportTlsSettings, TLS_FLOOR_SCHEMA, TlsFloor, tlsFloorOf } from "../../lib/tls-check";
import { asArray, asObject, asString, ofTypes, Props, read, Unknowns } from "../../lib/values";
import { knownOrUndefined, knownStrings } from "../in-transit/known";

const ELB = "aws:elb/loadBalancer:LoadBalancer";
const LB_POLICY = "aws:elb/loadBalancerPolicy:LoadBalancerPolicy";
const LISTENER_POLICY = "aws:elb/listenerPolicy:ListenerPolicy";
const SSL_NEGOTIATION = "aws:elb/sslNegotiationPolicy:SslNegotiationPolicy";
const ENCRYPTED = ["https", "ssl"];
const RECOMMEND =
  "a custom SSLNegotiationPolicyType policy with only Protocol-TLSv1.2 and ECDHE-*-GCM ciphers, or an ALB/NLB";

/** Protocol attributes of a custom negotiation policy, oldest first. */
const PROTOCOL_ATTRIBUTES: readonly [string, TlsVersion][] = [
  ["Protocol-SSLv3", "SSLv3"],
  ["Protocol-TLSv1", "1.0"],
  ["Protocol-TLSv1.1", "1.1"],
  ["Protocol-TLSv1.2", "1.2"],
];

type Attributes = Map<string, string>;

/** Attributes by name, or undefined (noted) when any is unknown at preview: a missing cipher could be the weak one. */
function attributesOf(policy: PolicyResource, prop: string, unknowns: Unknowns): Attributes | undefined {
  const attrs = read(() =>
    asArray(policy.props[prop]).flatMap((a) => {
      const o = asObject(a);
      const name = asString(o?.name);
      return name ? [[name, String(o?.value ?? "")] as [string, string]] : [];
    }),
  );
  if (!attrs.known) {
    unknowns.note(attrs);
    return undefined;
  }
  return new Map(attrs.value);
}

/**
 * Facts of a custom policy (explicit protocol and cipher attributes), so the one verdict function rates it like a
 * catalogue row. Undefined when it enables no TLS protocol at all.
 */
export function customPolicyFacts(attrs: Attributes): TlsPolicyFacts | undefined {
  const on = (name: string) => attrs.get(name)?.toLowerCase() === "true";
  const versions = PROTOCOL_ATTRIBUTES.filter(([name]) => on(name)).map(([, v]) => v);
  if (versions.length === 0) return undefined;
  const ciphers = [...attrs.keys()].filter(
    (k) => !k.startsWith("Protocol-") && k !== "Server-Defined-Cipher-Order" && on(k),
  );
  return {
    name: "custom policy",
    minVersion: versions[0],
    maxVersion: versions[versions.length - 1],
    forwardSecrecyOnly: ciphers.length > 0 && ciphers.every((c) => /^(ECDHE|DHE)-/.test(c)),
    cbc: ciphers.some((c) => !/GCM|CHACHA20/.test(c)),
    // SHA1 MAC suites end in -SHA; RC4, 3DES and MD5 count with them
    sha1: ciphers.some((c) => /-SHA$|RC4|DES|MD5/.test(c)),
    fips: false,
    postQuantum: false,
    source: "stack",
  };
}

/** `r.prop` points at `target`: by dependency, or by one of the target's names as a literal (a list matches any). */
function linked(r: PolicyResource, prop: string, target: PolicyResource, names: string[]): boolean {
  if ((r.propertyDependencies[prop] ?? []).some((d) => d.urn === target.urn)) return true;
  const v = knownOrUndefined(() => r.props[prop]);
  const values = Array.isArray(v) ? v.map((x) => knownOrUndefined(() => asString(x))) : [asString(v)];
  return values.some((x) => x !== undefined && names.includes(x));
}

/** Problems with one encrypted listener's negotiation policy. */
function listenerTlsProblems(
  lb: PolicyResource,
  port: unknown,
  args: StackValidationArgs,
  floor: TlsFloor,
  unknowns: Unknowns,
): string[] {
  const lbNames = knownStrings(lb.props, ["name", "id"]);
  const samePort = (r: PolicyResource, prop: string) => knownOrUndefined(() => r.props[prop]) === port;
  const problems: string[] = [];
  const report = (m: string) => problems.push(m);
  const negotiation = ofTypes(args.resources, [SSL_NEGOTIATION]).filter(
    (p) => linked(p, "loadBalancer", lb, lbNames) && samePort(p, "lbPort"),
  );
  const attached = ofTypes(args.resources, [LISTENER_POLICY]).filter(
    (p) => linked(p, "loadBalancerName", lb, lbNames) && samePort(p, "loadBalancerPort"),
  );
  const policies = ofTypes(args.resources, [LB_POLICY]).filter(
    (p) =>
      knownOrUndefined(() => p.props.policyTypeName) === "SSLNegotiationPolicyType" &&
      attached.some((a) => linked(a, "policyNames", p, knownStrings(p.props, ["policyName"]))),
  );
  const rated = [
    ...negotiation.map((p) => ({ name: p.name, attrs: attributesOf(p, "attributes", unknowns) })),
    ...policies.map((p) => ({ name: p.name, attrs: attributesOf(p, "policyAttributes", unknowns) })),
  ];
  if (rated.length === 0) {
    reportTlsSettings(
      [{ service: "elb-classic", field: "negotiation policy", value: undefined, recommend: RECOMMEND }],
      floor,
      report,
    );
  }
  for (const { name, attrs } of rated) {
    if (!attrs) continue;
    const reference = attrs.get("Reference-Security-Policy");
    if (reference !== undefined) {
      reportTlsSettings(
        [
          {
            service: "elb-classic",
            field: `policy ${name} Reference-Security-Policy`,
            value: reference,
            recommend: RECOMMEND,
          },
        ],
        floor,
        report,
      );
      continue;
    }
    const facts = customPolicyFacts(attrs);
    const verdict = facts ? tlsVerdict(facts) : "weak";
    // Classic has no TLS 1.3, so a custom TLS 1.2 ECDHE-GCM policy is the best it offers even under a strong floor
    if (!passesFloor(verdict, "acceptable")) {
      report(
        `custom policy ${name} is weak (${facts ? `TLS ${facts.minVersion}-${facts.maxVersion}, ${facts.forwardSecrecyOnly ? "forward secrecy only" : "ciphers without forward secrecy"}${facts.sha1 ? ", SHA1/RC4/3DES ciphers" : ""}` : "no TLS protocol enabled"}); use ${RECOMMEND}`,
      );
    }
  }
  return problems;
}

export const elbClassicTls = stackPolicy(
  {
    id: "elb-classic-tls",
    description:
      "Classic Load Balancer listeners are HTTPS/SSL with a TLS 1.2-only forward-secret negotiation policy, and send to instances over HTTPS/SSL.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      "Prefer an ALB/NLB (Classic has no TLS 1.3 and every predefined policy is weak). Otherwise use lbProtocol/instanceProtocol https or ssl, and attach (aws.elb.ListenerPolicy) an SSLNegotiationPolicyType aws.elb.LoadBalancerPolicy with Protocol-TLSv1.2=true, the other Protocol-* false and only ECDHE-ECDSA/RSA-AES*-GCM ciphers.",
  },
  {
    configSchema: TLS_FLOOR_SCHEMA,
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const lbs = ofTypes(args.resources, [ELB]);
      if (lbs.length === 0) return args.notApplicable("no Classic Load Balancers in the stack");
      const floor = tlsFloorOf(args);
      const unknowns = new Unknowns();
      for (const lb of lbs) {
        const listeners = read(() => asArray(lb.props.listeners).map((l) => asObject(l) ?? ({} as Props)));
        if (!listeners.known) {
          unknowns.note(listeners);
          continue;
        }
        for (const l of listeners.value) {
          const checked = read(() => ({
            front: asString(l.lbProtocol)?.toLowerCase(),
            back: asString(l.instanceProtocol)?.toLowerCase(),
            port: l.lbPort,
          }));
          if (!checked.known) {
            unknowns.note(checked);
            continue;
          }
          const { front, back, port } = checked.value;
          const where = `${lb.name} listener ${front ?? "?"}:${String(port)}`;
          if (!ENCRYPTED.includes(front ?? "")) {
            report(`${where} carries traffic unencrypted; use https or ssl`, lb.urn);
            continue;
          }
          if (!ENCRYPTED.includes(back ?? ""))
            report(`${where} forwards to instances over ${back ?? "?"} in plaintext; use https or ssl`, lb.urn);
          for (const p of listenerTlsProblems(lb, port, args, floor, unknowns)) report(`${where}: ${p}`, lb.urn);
        }
      }
      unknowns.rethrow();
    },
  },
);
