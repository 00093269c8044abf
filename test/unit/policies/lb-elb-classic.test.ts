import { tlsPoliciesOf } from "../../../policies/src/catalog/tls-policies";
import { elbClassicTls } from "../../../policies/src/rules/elb/elb-classic-tls";
import { analyzeStack, outcome, resource, UNKNOWN } from "../../harness/policy-harness";

const ELB = "aws:elb/loadBalancer:LoadBalancer";
const lb = (listeners: object[]) => resource(ELB, "legacy", { name: "legacy", listeners: listeners as never });
const https = {
  lbProtocol: "https",
  lbPort: 443,
  instanceProtocol: "https",
  instancePort: 443,
  sslCertificateId: "arn:cert",
};
const GCM_ONLY = {
  "Protocol-TLSv1.2": "true",
  "Protocol-TLSv1.1": "false",
  "ECDHE-ECDSA-AES128-GCM-SHA256": "true",
  "ECDHE-RSA-AES256-GCM-SHA384": "true",
};
const attrs = (a: Record<string, string>) => Object.entries(a).map(([name, value]) => ({ name, value }));

/** A LoadBalancerPolicy attached to port 443 of `balancer` through a ListenerPolicy. */
function attached(balancer: ReturnType<typeof resource>, policyAttributes: object[]) {
  const policy = resource("aws:elb/loadBalancerPolicy:LoadBalancerPolicy", "tls", {
    loadBalancerName: "legacy",
    policyName: "tls-policy",
    policyTypeName: "SSLNegotiationPolicyType",
    policyAttributes: policyAttributes as never,
  });
  const listenerPolicy = resource(
    "aws:elb/listenerPolicy:ListenerPolicy",
    "tls-443",
    { loadBalancerName: UNKNOWN, loadBalancerPort: 443, policyNames: [UNKNOWN] },
    { loadBalancerName: [balancer], policyNames: [policy] },
  );
  return [balancer, policy, listenerPolicy];
}

describe("elb-classic-tls", () => {
  test("compliant: a custom TLS 1.2 ECDHE-GCM-only policy attached by dependencies", async () => {
    expect(outcome(await analyzeStack(elbClassicTls, attached(lb([https]), attrs(GCM_ONLY))))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
  });
  test("compliant: an SslNegotiationPolicy linked by literal name and port", async () => {
    const neg = resource("aws:elb/sslNegotiationPolicy:SslNegotiationPolicy", "neg", {
      loadBalancer: "legacy",
      lbPort: 443,
      attributes: attrs(GCM_ONLY) as never,
    });
    expect(outcome(await analyzeStack(elbClassicTls, [lb([https]), neg])).violations).toEqual([]);
  });
  test.each(tlsPoliciesOf("elb-classic").map((e) => [e.name, e.verdict]))(
    "every predefined policy is rated from the catalogue: %s is %s",
    async (name) => {
      const o = outcome(
        await analyzeStack(elbClassicTls, attached(lb([https]), [{ name: "Reference-Security-Policy", value: name }])),
      );
      expect(o.violations).toEqual([expect.stringMatching(new RegExp(`${name} is weak`))]);
    },
  );
  test.each([
    [
      "plain HTTP listener",
      [{ ...https, lbProtocol: "http", lbPort: 80 }],
      [],
      /listener http:80 carries traffic unencrypted/,
    ],
    [
      "no negotiation policy (default 2016-08)",
      [https],
      [],
      /not set, so AWS applies ELBSecurityPolicy-2016-08 is weak/,
    ],
    [
      "HTTPS to instances over HTTP",
      [{ ...https, instanceProtocol: "http" }],
      attrs(GCM_ONLY),
      /forwards to instances over http in plaintext/,
    ],
    [
      "custom policy with TLS 1.0",
      [https],
      attrs({ ...GCM_ONLY, "Protocol-TLSv1": "true" }),
      /custom policy tls is weak \(TLS 1.0-1.2/,
    ],
    [
      "custom policy with a static-RSA cipher",
      [https],
      attrs({ ...GCM_ONLY, "AES128-GCM-SHA256": "true" }),
      /ciphers without forward secrecy/,
    ],
    [
      "custom policy with no protocol",
      [https],
      attrs({ "ECDHE-RSA-AES128-GCM-SHA256": "true" }),
      /no TLS protocol enabled/,
    ],
  ])("non-compliant: %s", async (_n, listeners, policyAttributes, message) => {
    const balancer = lb(listeners);
    const rs = (policyAttributes as object[]).length ? attached(balancer, policyAttributes as object[]) : [balancer];
    expect(outcome(await analyzeStack(elbClassicTls, rs)).violations).toEqual([expect.stringMatching(message)]);
  });
  test("not applicable: no Classic load balancers", async () => {
    expect(outcome(await analyzeStack(elbClassicTls, [])).notApplicable).toBe(true);
  });
  test("unknown at preview: listeners or policy attributes unknown", async () => {
    expect(
      outcome(await analyzeStack(elbClassicTls, [resource(ELB, "x", { listeners: UNKNOWN })])).unknownAtPreview,
    ).toBe(true);
    const o = outcome(await analyzeStack(elbClassicTls, attached(lb([https]), UNKNOWN as never)));
    expect(o).toMatchObject({ violations: [], unknownAtPreview: true });
  });
  test("wrong shapes never throw", async () => {
    const o = outcome(
      await analyzeStack(elbClassicTls, [resource(ELB, "x", { listeners: [null, 5, { lbProtocol: 7 }] as never })]),
    );
    expect(o.violations.length).toBeGreaterThan(0);
  });
});
