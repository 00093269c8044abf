import { tlsPoliciesOf } from "../../../policies/src/catalog/tls-policies";
import { lbListenerHsts } from "../../../policies/src/rules/elb/lb-listener-hsts";
import { lbListenerMtls, mtlsProblem } from "../../../policies/src/rules/elb/lb-listener-mtls";
import { clientVpnTls } from "../../../policies/src/rules/in-transit/client-vpn-tls";
import { apigatewayStageClientCertificate } from "../../../policies/src/rules/in-transit/apigateway-stage-client-certificate";
import { iamServerCertificate } from "../../../policies/src/rules/in-transit/iam-server-certificate";
import { iotDomainTls } from "../../../policies/src/rules/in-transit/iot-domain-tls";
import { tlsPreferStrong } from "../../../policies/src/rules/in-transit/tls-prefer-strong";
import { vpnConnectionDhPreferred } from "../../../policies/src/rules/in-transit/vpn-connection-dh-preferred";
import { sgPlaintextIngress } from "../../../policies/src/rules/in-transit/sg-plaintext-ingress";
import { analyze, analyzeStack, outcome, resource, UNKNOWN } from "../../harness/policy-harness";

const LISTENER = "aws:lb/listener:Listener";
const IOT = "aws:iot/domainConfiguration:DomainConfiguration";

describe("iot-domain-tls", () => {
  const run = async (props: object, type = IOT) =>
    outcome(await analyze(iotDomainTls, resource(type, "d", props as never)));
  test.each(tlsPoliciesOf("iot").map((e) => [e.name, e.verdict]))(
    "catalogue %s is %s through the rule",
    async (name, verdict) => {
      expect((await run({ tlsConfig: { securityPolicy: name } })).violations).toHaveLength(verdict === "weak" ? 1 : 0);
    },
  );
  test("non-compliant: unset takes the default TLS13_1_2_2022_10, which offers CBC-SHA1", async () => {
    expect((await run({})).violations).toEqual([
      expect.stringMatching(/not set, so AWS applies IoTSecurityPolicy_TLS13_1_2_2022_10 is weak/),
    ]);
  });
  test("not applicable, unknown at preview, wrong shapes", async () => {
    expect((await run({}, "aws:s3/bucket:Bucket")).notApplicable).toBe(true);
    expect((await run({ tlsConfig: { securityPolicy: UNKNOWN } })).unknownAtPreview).toBe(true);
    expect((await run({ tlsConfig: "x" })).violations).toHaveLength(1);
  });
});

describe("lb-listener-hsts (advisory)", () => {
  const run = async (props: object) =>
    outcome(await analyze(lbListenerHsts, resource(LISTENER, "l", { protocol: "HTTPS", ...props } as never)));
  test("compliant: one year or more", async () => {
    expect(
      (await run({ routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=63072000; includeSubDomains" }))
        .violations,
    ).toEqual([]);
  });
  test.each([
    ["unset", {}, /is not set/],
    ["short max-age", { routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=300" }, /below one year/],
    ["no max-age", { routingHttpResponseStrictTransportSecurityHeaderValue: "includeSubDomains" }, /below one year/],
  ])("non-compliant: %s", async (_n, props, message) => {
    expect((await run(props)).violations).toEqual([expect.stringMatching(message)]);
  });
  test("not applicable: HTTP redirect and NLB TLS listeners; unknown at preview; wrong shapes", async () => {
    expect((await run({ protocol: "HTTP" })).notApplicable).toBe(true);
    expect((await run({ protocol: "TLS" })).notApplicable).toBe(true);
    expect((await run({ routingHttpResponseStrictTransportSecurityHeaderValue: UNKNOWN })).unknownAtPreview).toBe(true);
    expect((await run({ routingHttpResponseStrictTransportSecurityHeaderValue: 5 })).violations).toHaveLength(1);
  });
});

describe("lb-listener-mtls", () => {
  test("a listener not named in partnerListeners (the default) is not applicable", async () => {
    expect(outcome(await analyze(lbListenerMtls, resource(LISTENER, "l", { protocol: "HTTPS" })))).toMatchObject({
      notApplicable: true,
      violations: [],
    });
  });
  test.each([
    [{ mutualAuthentication: { mode: "verify", trustStoreArn: "arn:ts" } }, undefined],
    [{}, /mode is null/],
    [{ mutualAuthentication: { mode: "passthrough" } }, /mode is "passthrough"/],
    [{ mutualAuthentication: { mode: "verify" } }, /without a trustStoreArn/],
    [
      { mutualAuthentication: { mode: "verify", trustStoreArn: "arn:ts", ignoreClientCertificateExpiry: true } },
      /expired client certificates/,
    ],
    [{ mutualAuthentication: "verify" }, /mode is null/],
  ])("mtlsProblem %j", (props, expected) => {
    const problem = mtlsProblem(props);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });
});

describe("iam-server-certificate-discouraged (advisory)", () => {
  test("flags IAM server certificates, not applicable elsewhere", async () => {
    expect(
      outcome(await analyze(iamServerCertificate, resource("aws:iam/serverCertificate:ServerCertificate", "c", {})))
        .violations,
    ).toHaveLength(1);
    expect(
      outcome(await analyze(iamServerCertificate, resource("aws:acm/certificate:Certificate", "c", {}))).notApplicable,
    ).toBe(true);
  });
});

describe("sg-plaintext-ingress (advisory)", () => {
  const SG = "aws:ec2/securityGroup:SecurityGroup";
  const sg = (ingress: object[], name = "web-sg") => resource(SG, name, { ingress: ingress as never });
  const rule = (fromPort: number, toPort: number, cidrBlocks: string[], protocol = "tcp") => ({
    protocol,
    fromPort,
    toPort,
    cidrBlocks,
  });
  test("compliant: HTTPS from anywhere, PostgreSQL from the VPC", async () => {
    expect(
      outcome(
        await analyzeStack(sgPlaintextIngress, [
          sg([rule(443, 443, ["0.0.0.0/0"]), rule(5432, 5432, ["10.0.0.0/16"])]),
        ]),
      ).violations,
    ).toEqual([]);
  });
  test("compliant: port 80 on the security group of a load balancer whose port-80 listener only redirects", async () => {
    const group = sg([rule(80, 80, ["0.0.0.0/0"]), rule(443, 443, ["0.0.0.0/0"])]);
    const lb = resource(
      "aws:lb/loadBalancer:LoadBalancer",
      "web",
      { securityGroups: [UNKNOWN] },
      { securityGroups: [group] },
    );
    const http = resource(
      LISTENER,
      "http",
      {
        port: 80,
        protocol: "HTTP",
        loadBalancerArn: UNKNOWN,
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS" } }],
      },
      { loadBalancerArn: [lb] },
    );
    expect(outcome(await analyzeStack(sgPlaintextIngress, [group, lb, http])).violations).toEqual([]);
  });
  test.each([
    ["Telnet from the VPC", [rule(23, 23, ["10.0.0.0/8"])], [/Telnet \(port 23\)/]],
    ["HTTP not behind a redirect", [rule(80, 80, ["0.0.0.0/0"])], [/HTTP \(port 80\)/]],
    [
      "MySQL to the internet over IPv6",
      [{ protocol: "tcp", fromPort: 3306, toPort: 3306, ipv6CidrBlocks: ["::/0"] }],
      [/MySQL \(port 3306\) to the internet/],
    ],
    ["a range covering FTP and SMTP", [rule(20, 25, ["10.0.0.0/8"])], [/FTP/, /Telnet/, /SMTP/]],
  ])("advisory: %s", async (_n, ingress, messages) => {
    expect(outcome(await analyzeStack(sgPlaintextIngress, [sg(ingress)])).violations).toEqual(
      messages.map((m) => expect.stringMatching(m)),
    );
  });
  test("separate ingress rule resources are attributed to their group", async () => {
    const group = sg([]);
    const r = resource(
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      "db-open",
      { securityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/0" },
      { securityGroupId: [group] },
    );
    const v = outcome(await analyzeStack(sgPlaintextIngress, [group, r]));
    expect(v.violations).toEqual([expect.stringMatching(/web-sg opens PostgreSQL/)]);
  });
  test("an all-ports rule from a peer group is not flagged; from anywhere it is", async () => {
    expect(
      outcome(await analyzeStack(sgPlaintextIngress, [sg([{ protocol: "-1", fromPort: 0, toPort: 0, self: true }])]))
        .violations,
    ).toEqual([]);
    expect(
      outcome(
        await analyzeStack(sgPlaintextIngress, [
          sg([{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]),
        ]),
      ).violations.length,
    ).toBeGreaterThan(4);
  });
  test("not applicable, unknown at preview, wrong shapes", async () => {
    expect(outcome(await analyzeStack(sgPlaintextIngress, [])).notApplicable).toBe(true);
    expect(
      outcome(await analyzeStack(sgPlaintextIngress, [resource(SG, "x", { ingress: UNKNOWN })])).unknownAtPreview,
    ).toBe(true);
    expect(
      outcome(
        await analyzeStack(sgPlaintextIngress, [
          resource(SG, "x", { ingress: [null, 3, { fromPort: "80" }] as never }),
        ]),
      ).violations,
    ).toEqual([]);
  });
});

describe("apigateway-stage-client-certificate", () => {
  const api = resource("aws:apigateway/restApi:RestApi", "api", { id: UNKNOWN });
  const integration = (props: object) =>
    resource("aws:apigateway/integration:Integration", "backend", { restApi: UNKNOWN, ...props } as never, {
      restApi: [api],
    });
  const stage = (props: object = {}) =>
    resource("aws:apigateway/stage:Stage", "prod", { restApi: UNKNOWN, ...props } as never, { restApi: [api] });
  test("compliant: HTTPS backend with a client certificate; Lambda backends need none", async () => {
    const https = integration({ type: "HTTP_PROXY", uri: "https://backend.example.com" });
    expect(
      outcome(
        await analyzeStack(apigatewayStageClientCertificate, [api, https, stage({ clientCertificateId: "abc" })]),
      ),
    ).toEqual({ violations: [], unknownAtPreview: false, notApplicable: false });
    expect(
      outcome(await analyzeStack(apigatewayStageClientCertificate, [api, integration({ type: "AWS_PROXY" }), stage()]))
        .violations,
    ).toEqual([]);
  });
  test("non-compliant: no client certificate; an http:// backend", async () => {
    const o = outcome(
      await analyzeStack(apigatewayStageClientCertificate, [
        api,
        integration({ type: "HTTP", uri: "http://backend.example.com" }),
        stage(),
      ]),
    );
    expect(o.violations).toEqual([
      expect.stringMatching(/calls http:\/\/backend.example.com in plaintext/),
      expect.stringMatching(/stage prod fronts an HTTP backend/),
    ]);
  });
  test("not applicable, unknown at preview, wrong shapes", async () => {
    expect(outcome(await analyzeStack(apigatewayStageClientCertificate, [api, stage()])).notApplicable).toBe(true);
    expect(
      outcome(await analyzeStack(apigatewayStageClientCertificate, [api, integration({ type: UNKNOWN }), stage()]))
        .unknownAtPreview,
    ).toBe(true);
    expect(
      outcome(
        await analyzeStack(apigatewayStageClientCertificate, [api, integration({ type: 4, uri: ["x"] }), stage()]),
      ).violations,
    ).toEqual([]);
  });
});

describe("client-vpn-tls", () => {
  const cert = (keyAlgorithm: unknown) =>
    resource("aws:acm/certificate:Certificate", "vpn-cert", { arn: UNKNOWN, keyAlgorithm: keyAlgorithm as string });
  const endpoint = (c: ReturnType<typeof resource> | undefined, authenticationOptions: object[]) =>
    resource(
      "aws:ec2clientvpn/endpoint:Endpoint",
      "vpn",
      { serverCertificateArn: UNKNOWN, authenticationOptions: authenticationOptions as never },
      c ? { serverCertificateArn: [c] } : {},
    );
  const mutual = [{ type: "certificate-authentication", rootCertificateChainArn: UNKNOWN }];
  test("compliant: EC P-256 server certificate and mutual TLS (root chain unknown at preview)", async () => {
    const c = cert("EC_prime256v1");
    expect(outcome(await analyzeStack(clientVpnTls, [c, endpoint(c, mutual)]))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
  });
  test.each([
    [
      "RSA_1024 server certificate",
      () => {
        const c = cert("RSA_1024");
        return [c, endpoint(c, mutual)];
      },
      /server certificate vpn-cert keyAlgorithm RSA_1024 is weak/,
    ],
    ["no authentication", () => [endpoint(undefined, [])], /authenticationOptions is empty/],
    [
      "mutual TLS without a root chain",
      () => [endpoint(undefined, [{ type: "certificate-authentication" }])],
      /without rootCertificateChainArn/,
    ],
    ["an unknown type", () => [endpoint(undefined, [{ type: "password" }])], /"password" is not one ephi-guard knows/],
  ])("non-compliant: %s", async (_n, build, message) => {
    expect(outcome(await analyzeStack(clientVpnTls, build())).violations).toEqual([expect.stringMatching(message)]);
  });
  test("not applicable, unknown at preview, wrong shapes", async () => {
    expect(outcome(await analyzeStack(clientVpnTls, [])).notApplicable).toBe(true);
    const c = cert(UNKNOWN);
    expect(outcome(await analyzeStack(clientVpnTls, [c, endpoint(c, mutual)])).unknownAtPreview).toBe(true);
    expect(
      outcome(await analyzeStack(clientVpnTls, [endpoint(undefined, [null, 4] as never)])).violations,
    ).toHaveLength(2);
  });
});

describe("tls-prefer-strong (advisory)", () => {
  const run = async (type: string, props: object) =>
    outcome(await analyze(tlsPreferStrong, resource(type, "r", props as never)));
  test.each([
    ["aws:docdb/clusterParameterGroup:ClusterParameterGroup", { parameters: [{ name: "tls", value: "tls1.2+" }] }, 1],
    ["aws:docdb/clusterParameterGroup:ClusterParameterGroup", { parameters: [{ name: "tls", value: "tls1.3+" }] }, 0],
    ["aws:acm/certificate:Certificate", {}, 1],
    ["aws:acm/certificate:Certificate", { keyAlgorithm: "EC_secp384r1" }, 0],
    ["aws:cloudfront/distribution:Distribution", { viewerCertificate: { minimumProtocolVersion: "TLSv1.2_2019" } }, 1],
    ["aws:opensearch/domain:Domain", { domainEndpointOptions: { tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" } }, 0],
  ])("%s %j gives %d advisories (weak is the mandatory rules' business)", async (type, props, n) => {
    expect((await run(type, props)).violations).toHaveLength(n);
  });
  test("not applicable, unknown at preview", async () => {
    expect((await run("aws:s3/bucket:Bucket", {})).notApplicable).toBe(true);
    expect((await run("aws:acm/certificate:Certificate", { keyAlgorithm: UNKNOWN })).unknownAtPreview).toBe(true);
  });
});

describe("vpn-connection-dh-preferred (advisory)", () => {
  const VPN = "aws:ec2/vpnConnection:VpnConnection";
  const run = async (props: object, type = VPN) =>
    outcome(await analyze(vpnConnectionDhPreferred, resource(type, "v", props as never)));
  test("elliptic-curve groups only pass; MODP 14 is flagged", async () => {
    expect(
      (await run({ tunnel1Phase1DhGroupNumbers: [19, 20], tunnel2Phase2DhGroupNumbers: [21] })).violations,
    ).toEqual([]);
    expect((await run({ tunnel1Phase2DhGroupNumbers: [14, 19] })).violations).toEqual([
      expect.stringMatching(/tunnel1Phase2DhGroupNumbers offers \[14\]/),
    ]);
  });
  test("not applicable, unknown at preview, wrong shapes", async () => {
    expect((await run({}, "aws:s3/bucket:Bucket")).notApplicable).toBe(true);
    expect((await run({ tunnel1Phase1DhGroupNumbers: UNKNOWN })).unknownAtPreview).toBe(true);
    expect((await run({ tunnel1Phase1DhGroupNumbers: "19" })).violations).toEqual([]);
  });
});
