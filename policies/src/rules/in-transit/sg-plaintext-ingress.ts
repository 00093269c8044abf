import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { asArray, asObject, asString, ofTypes, Props, read, Unknowns } from "../../lib/values";
import { isRedirectToHttps, LISTENER_TYPES, listenerProtocol } from "../elb/lb-listener-tls";

/** Plaintext protocols flagged from any source. SMTP has no STARTTLS guarantee at the network layer. */
const PLAINTEXT_PORTS: Readonly<Record<number, string>> = { 21: "FTP", 23: "Telnet", 25: "SMTP", 80: "HTTP" };
/** Database and cache ports flagged only when open to the whole internet. */
const DATABASE_PORTS: Readonly<Record<number, string>> = {
  1433: "SQL Server",
  1521: "Oracle",
  3306: "MySQL",
  5432: "PostgreSQL",
  5439: "Redshift",
  6379: "Redis",
  8182: "Neptune",
  9092: "Kafka",
  9200: "OpenSearch",
  11211: "Memcached",
  27017: "MongoDB/DocumentDB",
};
const ANYWHERE = ["0.0.0.0/0", "::/0"];
const LB_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];

interface Ingress {
  from: number;
  to: number;
  cidrs: string[];
  group: PolicyResource;
}

function range(protocol: unknown, from: unknown, to: unknown): [number, number] | undefined {
  const p = String(protocol ?? "").toLowerCase();
  if (p === "-1" || p === "all") return [0, 65535];
  if (p !== "tcp" && p !== "6") return undefined;
  return typeof from === "number" && typeof to === "number" ? [from, to] : undefined;
}

const strings = (v: unknown): string[] => asArray(v).flatMap((x) => asString(x) ?? []);
const RULE_KEYS = [
  "type",
  "protocol",
  "ipProtocol",
  "fromPort",
  "toPort",
  "cidrBlocks",
  "ipv6CidrBlocks",
  "cidrIpv4",
  "cidrIpv6",
];
/** Only the fields a rule is judged by, so an unknown group id (linked by dependency instead) does not hide it. */
const pick = (props: Props): Props => Object.fromEntries(RULE_KEYS.map((k) => [k, props[k]]));

/** Inbound rules from inline `ingress`, SecurityGroupRule (type ingress) and SecurityGroupIngressRule. */
function ingressRules(args: StackValidationArgs, unknowns: Unknowns): Ingress[] {
  const groups = ofTypes(args.resources, ["aws:ec2/securityGroup:SecurityGroup"]);
  const out: Ingress[] = [];
  const add = (owner: PolicyResource | undefined, r: Props, cidrs: string[], protocolKey: string) => {
    const ports = range(r[protocolKey], r.fromPort, r.toPort);
    if (owner && ports) out.push({ from: ports[0], to: ports[1], cidrs, group: owner });
  };
  const ownerOf = (r: PolicyResource) =>
    groups.find((g) => (r.propertyDependencies["securityGroupId"] ?? []).some((d) => d.urn === g.urn)) ?? r;
  for (const g of groups) {
    const inline = read(() => asArray(g.props.ingress).map((i) => pick(asObject(i) ?? {})));
    if (!inline.known) unknowns.note(inline);
    else for (const i of inline.value) add(g, i, [...strings(i.cidrBlocks), ...strings(i.ipv6CidrBlocks)], "protocol");
  }
  for (const r of ofTypes(args.resources, ["aws:ec2/securityGroupRule:SecurityGroupRule"])) {
    const rule = read(() => pick(r.props));
    if (!rule.known) unknowns.note(rule);
    else if (rule.value.type === "ingress")
      add(
        ownerOf(r),
        rule.value,
        [...strings(rule.value.cidrBlocks), ...strings(rule.value.ipv6CidrBlocks)],
        "protocol",
      );
  }
  for (const r of ofTypes(args.resources, ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"])) {
    const rule = read(() => pick(r.props));
    if (!rule.known) unknowns.note(rule);
    else
      add(
        ownerOf(r),
        rule.value,
        [asString(rule.value.cidrIpv4), asString(rule.value.cidrIpv6)].flatMap((c) => c ?? []),
        "ipProtocol",
      );
  }
  return out;
}

/** Security groups of load balancers whose every port-80 listener only redirects to HTTPS. */
function redirectOnlyGroups(args: StackValidationArgs): Set<string> {
  const listeners = ofTypes(args.resources, LISTENER_TYPES);
  const urns = new Set<string>();
  for (const lb of ofTypes(args.resources, LB_TYPES)) {
    const onLb = listeners.filter((l) =>
      (l.propertyDependencies["loadBalancerArn"] ?? []).some((d) => d.urn === lb.urn),
    );
    const http = onLb.filter((l) => read(() => l.props.port).known && l.props.port === 80);
    const redirectOnly = http.every((l) => {
      const ok = read(
        () => listenerProtocol(l.props as Props) === "HTTP" && isRedirectToHttps(asArray(l.props.defaultActions)),
      );
      return ok.known && ok.value;
    });
    if (redirectOnly) for (const g of lb.propertyDependencies["securityGroups"] ?? []) urns.add(g.urn);
  }
  return urns;
}

export const sgPlaintextIngress = stackPolicy(
  {
    id: "sg-plaintext-ingress",
    description:
      "Security groups do not open plaintext protocols (FTP, Telnet, SMTP, HTTP) inbound, nor database ports to the internet; port 80 is fine in front of redirect-only listeners.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
      "Close the port or move the service to its TLS form (HTTPS, SFTP/FTPS, SMTP with enforced STARTTLS or 465, database TLS); limit database ports to the application's security group.",
  },
  {
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const unknowns = new Unknowns();
      const rules = ingressRules(args, unknowns);
      if (rules.length === 0 && !ofTypes(args.resources, ["aws:ec2/securityGroup:SecurityGroup"]).length) {
        return args.notApplicable("no security groups in the stack");
      }
      const redirecting = redirectOnlyGroups(args);
      for (const r of rules) {
        const open = (port: number) => r.from <= port && port <= r.to;
        const fromAnywhere = r.cidrs.some((c) => ANYWHERE.includes(c));
        // an all-ports rule from a peer group is internal plumbing, not a plaintext service
        const allPorts = r.from === 0 && r.to === 65535;
        if (allPorts && !fromAnywhere) continue;
        for (const [port, name] of Object.entries(PLAINTEXT_PORTS)) {
          if (!open(Number(port)) || (Number(port) === 80 && redirecting.has(r.group.urn))) continue;
          report(`${r.group.name} allows inbound ${name} (port ${port}), which carries data in plaintext`, r.group.urn);
        }
        if (!fromAnywhere) continue;
        for (const [port, name] of Object.entries(DATABASE_PORTS)) {
          if (open(Number(port))) report(`${r.group.name} opens ${name} (port ${port}) to the internet`, r.group.urn);
        }
      }
      unknowns.rethrow();
    },
  },
);
