import { tlsSettingAdvice, tlsSettingProblem, TlsSetting } from "../../../policies/src/lib/tls-check";

const elb = (value?: string): TlsSetting => ({ service: "elbv2", field: "sslPolicy", value, recommend: "X" });

describe("tls-check floor", () => {
  test("acceptable floor: acceptable passes with advice, weak fails", () => {
    expect(tlsSettingProblem(elb("ELBSecurityPolicy-TLS13-1-2-2021-06"), "acceptable")).toBeUndefined();
    expect(tlsSettingAdvice(elb("ELBSecurityPolicy-TLS13-1-2-2021-06"))).toMatch(
      /passes the default floor, but prefer X/,
    );
    expect(tlsSettingProblem(elb("ELBSecurityPolicy-2016-08"), "acceptable")).toMatch(/the floor is acceptable/);
  });
  test("strong floor: acceptable fails, strong passes without advice", () => {
    expect(tlsSettingProblem(elb("ELBSecurityPolicy-TLS13-1-2-2021-06"), "strong")).toMatch(
      /is acceptable .*the floor is strong/,
    );
    expect(tlsSettingProblem(elb("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"), "strong")).toBeUndefined();
    expect(tlsSettingAdvice(elb("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"))).toBeUndefined();
  });
  test("strong floor stops at the best value a service offers (CloudFront origins, FTPS)", () => {
    const origin: TlsSetting = {
      service: "cloudfront-origin",
      field: "originSslProtocols entry",
      value: "TLSv1.2",
      recommend: "TLSv1.2",
    };
    expect(tlsSettingProblem(origin, "strong")).toBeUndefined();
    const ftps: TlsSetting = {
      service: "transfer",
      field: "securityPolicyName",
      value: "TransferSecurityPolicy-2025-03",
      recommend: "X",
      facet: "ftps",
    };
    expect(tlsSettingProblem(ftps, "strong")).toBeUndefined();
    expect(tlsSettingProblem({ ...ftps, facet: undefined, value: "TransferSecurityPolicy-2024-01" }, "strong")).toMatch(
      /floor is strong/,
    );
  });
  test("unknown names and services without a default fail", () => {
    expect(tlsSettingProblem(elb("ELBSecurityPolicy-TLS13"), "acceptable")).toMatch(/verify .* add the name/);
    expect(
      tlsSettingProblem({ service: "opensearch", field: "f", value: undefined, recommend: "X" }, "acceptable"),
    ).toMatch(/no safe default/);
  });
});
