import { tlsPoliciesOf } from "../../../policies/src/catalog/tls-policies";
import { lbListenerTls } from "../../../policies/src/rules/elb/lb-listener-tls";
import { tlsPreferStrong } from "../../../policies/src/rules/in-transit/tls-prefer-strong";
import { analyze, outcome, resource, UNKNOWN } from "../../harness/policy-harness";

const LISTENER = "aws:lb/listener:Listener";
const run = async (props: object, type = LISTENER) =>
  outcome(await analyze(lbListenerTls, resource(type, "l", props as never)));
const https = (sslPolicy?: unknown, extra: object = {}) => ({
  protocol: "HTTPS",
  port: 443,
  ...(sslPolicy !== undefined ? { sslPolicy } : {}),
  defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }],
  ...extra,
});
const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };

describe("lb-listener-tls: every elbv2 catalogue name gets the verdict the catalogue derives", () => {
  test.each(tlsPoliciesOf("elbv2").map((e) => [e.name, e.verdict]))("%s is %s", async (name, verdict) => {
    const o = await run(https(name));
    expect(o.violations).toHaveLength(verdict === "weak" ? 1 : 0);
    const advice = outcome(await analyze(tlsPreferStrong, resource(LISTENER, "l", https(name) as never))).violations;
    expect(advice).toHaveLength(verdict === "acceptable" ? 1 : 0);
  });
});

describe("lb-listener-tls", () => {
  test("compliant: TLS 1.3 ALB listener, and the demo component's redirect listener", async () => {
    expect(await run(https("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
    expect((await run({ protocol: "HTTP", port: 80, defaultActions: [redirect] })).violations).toEqual([]);
  });

  // traps the anchor tools fall into
  test("trap: TLS13 in the name does not mean a TLS 1.3 floor (TLS13-1-0-2021-06 allows TLS 1.0)", async () => {
    expect((await run(https("ELBSecurityPolicy-TLS13-1-0-2021-06"))).violations).toEqual([
      expect.stringMatching(/TLS13-1-0-2021-06 is weak \(TLS 1.0-1.3/),
    ]);
  });
  test("trap: TLS-1-2-2017-01 is TLS 1.2 only but lacks forward secrecy", async () => {
    expect((await run(https("ELBSecurityPolicy-TLS-1-2-2017-01"))).violations).toEqual([
      expect.stringMatching(/without forward secrecy/),
    ]);
  });
  test("trap: NLB TLS listeners on other ports are checked too", async () => {
    const o = await run({ protocol: "TLS", port: 8443, sslPolicy: "ELBSecurityPolicy-2016-08", defaultActions: [] });
    expect(o.violations).toEqual([
      expect.stringMatching(/TLS listener on port 8443: sslPolicy ELBSecurityPolicy-2016-08 is weak/),
    ]);
  });
  test("trap: a redirect-only HTTP listener is not flagged, a redirect keeping the protocol is", async () => {
    expect((await run({ protocol: "HTTP", defaultActions: [redirect] })).violations).toEqual([]);
    const keep = { type: "redirect", redirect: { protocol: "#{protocol}" } };
    expect((await run({ protocol: "HTTP", defaultActions: [redirect, keep] })).violations).toEqual([
      expect.stringMatching(/serves plaintext/),
    ]);
  });
  test("trap: a prefix of a strong name is unknown, not strong", async () => {
    expect((await run(https("ELBSecurityPolicy-TLS13-1-2"))).violations).toEqual([
      expect.stringMatching(/not in ephi-guard's TLS catalogue.*verify/),
    ]);
  });

  test.each([
    ["unset sslPolicy (AWS default 2016-08)", https(), /not set, so AWS applies ELBSecurityPolicy-2016-08 is weak/],
    [
      "plain HTTP forward",
      { protocol: "HTTP", defaultActions: [{ type: "forward" }] },
      /HTTP listener serves plaintext/,
    ],
    ["unset protocol (HTTP)", { defaultActions: [] }, /HTTP listener serves plaintext/],
    ["NLB TCP", { protocol: "TCP", port: 5432 }, /TCP listener on port 5432 carries traffic unencrypted/],
    ["unknown protocol", { protocol: "QUIC" }, /not one ephi-guard can verify/],
  ])("non-compliant: %s", async (_n, props, message) => {
    expect((await run(props)).violations).toEqual([expect.stringMatching(message)]);
  });

  test("aws.alb.Listener token is covered", async () => {
    expect((await run(https("ELBSecurityPolicy-2016-08"), "aws:alb/listener:Listener")).violations).toHaveLength(1);
  });
  test("not applicable: other types and GENEVE listeners", async () => {
    expect((await run({}, "aws:s3/bucket:Bucket")).notApplicable).toBe(true);
    expect((await run({ protocol: "GENEVE" })).notApplicable).toBe(true);
  });
  test("unknown at preview: protocol or sslPolicy unknown", async () => {
    expect((await run({ protocol: UNKNOWN })).unknownAtPreview).toBe(true);
    expect((await run(https(UNKNOWN))).unknownAtPreview).toBe(true);
  });
  test("wrong shapes never throw", async () => {
    expect((await run({ protocol: 443, defaultActions: "x" })).violations).toHaveLength(1);
    expect((await run(https(42))).violations).toEqual([
      expect.stringMatching(/"42" is not in ephi-guard's TLS catalogue/),
    ]);
    expect((await run({ protocol: "HTTP", defaultActions: [null, 3] })).violations).toHaveLength(1);
  });
});
