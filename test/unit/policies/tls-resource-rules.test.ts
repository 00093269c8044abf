import type { Policy } from "@pulumi/policy";
import { tlsPoliciesOf, TlsService } from "../../../policies/src/catalog/tls-policies";
import { tlsVerdict } from "../../../policies/src/catalog/tls-policies";
import { acmCertificateKey } from "../../../policies/src/rules/in-transit/acm-certificate-key";
import { apigatewayDomainTls } from "../../../policies/src/rules/in-transit/apigateway-domain-tls";
import { cloudfrontTls } from "../../../policies/src/rules/in-transit/cloudfront-tls";
import { dmsEndpointTls } from "../../../policies/src/rules/in-transit/dms-endpoint-tls";
import { elasticacheTransit } from "../../../policies/src/rules/in-transit/elasticache-transit";
import { memorydbTls } from "../../../policies/src/rules/in-transit/memorydb-tls";
import { mskTls } from "../../../policies/src/rules/in-transit/msk-tls";
import { opensearchTls } from "../../../policies/src/rules/in-transit/opensearch-tls";
import { rdsProxyTls } from "../../../policies/src/rules/in-transit/rds-proxy-tls";
import { sesTlsRequired } from "../../../policies/src/rules/in-transit/ses-tls";
import { transferTls } from "../../../policies/src/rules/in-transit/transfer-tls";
import { vpnConnectionIke } from "../../../policies/src/rules/in-transit/vpn-connection-ike";
import { analyze, outcome, resource, UNKNOWN } from "../../harness/policy-harness";

type Props = Record<string, unknown>;
// JSON round trip drops the undefined that overrides use to delete a property
const run = async (policy: Policy, type: string, props: Props) =>
  outcome(await analyze(policy, resource(type, "r", JSON.parse(JSON.stringify(props)))));

const CF = "aws:cloudfront/distribution:Distribution";
const distribution = (over: { viewer?: Props; behaviour?: Props; origin?: Props; ordered?: Props[] } = {}): Props => ({
  defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https", ...over.behaviour },
  orderedCacheBehaviors: over.ordered ?? [],
  viewerCertificate: {
    acmCertificateArn: "arn:aws:acm:us-east-1:1:certificate/x",
    minimumProtocolVersion: "TLSv1.2_2021",
    sslSupportMethod: "sni-only",
    ...over.viewer,
  },
  origins: [
    { originId: "s3", domainName: "b.s3.amazonaws.com", s3OriginConfig: { originAccessIdentity: "" } },
    {
      originId: "api",
      domainName: "api.example.com",
      customOriginConfig: {
        originProtocolPolicy: "https-only",
        originSslProtocols: ["TLSv1.2"],
        httpPort: 80,
        httpsPort: 443,
        ...over.origin,
      },
    },
  ],
});

const tunnels = (over: Props = {}): Props => {
  const t: Props = {};
  for (const n of [1, 2]) {
    Object.assign(t, {
      [`tunnel${n}IkeVersions`]: ["ikev2"],
      [`tunnel${n}Phase1EncryptionAlgorithms`]: ["AES256-GCM-16"],
      [`tunnel${n}Phase2EncryptionAlgorithms`]: ["AES256-GCM-16"],
      [`tunnel${n}Phase1IntegrityAlgorithms`]: ["SHA2-384"],
      [`tunnel${n}Phase2IntegrityAlgorithms`]: ["SHA2-384"],
      [`tunnel${n}Phase1DhGroupNumbers`]: [19, 20],
      [`tunnel${n}Phase2DhGroupNumbers`]: [19, 20],
    });
  }
  return { ...t, ...over };
};

interface Case {
  policy: Policy;
  type: string;
  compliant: Props;
  bad: [string, Props, RegExp][];
  /** a property path of `compliant` replaced by UNKNOWN */
  unknown: Props;
}

const CASES: Record<string, Case> = {
  "cloudfront-tls": {
    policy: cloudfrontTls,
    type: CF,
    compliant: distribution(),
    bad: [
      [
        "allow-all viewers",
        distribution({ behaviour: { viewerProtocolPolicy: "allow-all" } }),
        /defaultCacheBehavior: viewerProtocolPolicy "allow-all"/,
      ],
      [
        "allow-all on an ordered behaviour",
        distribution({ ordered: [{ pathPattern: "/api/*", viewerProtocolPolicy: "allow-all" }] }),
        /orderedCacheBehaviors\[0\] \(\/api\/\*\)/,
      ],
      [
        "default certificate forces TLSv1",
        distribution({ viewer: { cloudfrontDefaultCertificate: true, acmCertificateArn: undefined } }),
        /cloudfrontDefaultCertificate makes CloudFront apply TLSv1 is weak/,
      ],
      [
        "TLSv1.2_2018 (static RSA)",
        distribution({ viewer: { minimumProtocolVersion: "TLSv1.2_2018" } }),
        /TLSv1.2_2018 is weak/,
      ],
      [
        "unset minimum protocol",
        distribution({ viewer: { minimumProtocolVersion: undefined } }),
        /not set, so AWS applies TLSv1 is weak/,
      ],
      [
        "match-viewer origin",
        distribution({ origin: { originProtocolPolicy: "match-viewer" } }),
        /origin api: originProtocolPolicy "match-viewer"/,
      ],
      [
        "TLSv1.1 to the origin",
        distribution({ origin: { originSslProtocols: ["TLSv1.2", "TLSv1.1"] } }),
        /originSslProtocols entry TLSv1.1 is weak/,
      ],
      ["empty origin protocols", distribution({ origin: { originSslProtocols: [] } }), /originSslProtocols is empty/],
    ],
    unknown: distribution({ viewer: { minimumProtocolVersion: UNKNOWN } }),
  },
  "apigateway-domain-tls": {
    policy: apigatewayDomainTls,
    type: "aws:apigateway/domainName:DomainName",
    compliant: {
      domainName: "api.example.com",
      securityPolicy: "SecurityPolicy_TLS13_1_3_2025_09",
      endpointAccessMode: "STRICT",
    },
    bad: [
      ["unset (TLS_1_0)", { domainName: "a" }, /not set, so AWS applies TLS_1_0 is weak/],
      ["TLS_1_2 (static RSA)", { securityPolicy: "TLS_1_2" }, /TLS_1_2 is weak/],
      [
        "unverified PQ policy without PFS",
        { securityPolicy: "SecurityPolicy_TLS13_1_2_PQ_2025_09" },
        /is weak.*unverified/,
      ],
      ["unknown name", { securityPolicy: "SecurityPolicy_TLS13" }, /not in ephi-guard's TLS catalogue/],
    ],
    unknown: { securityPolicy: UNKNOWN },
  },
  "apigateway-domain-tls (v2)": {
    policy: apigatewayDomainTls,
    type: "aws:apigatewayv2/domainName:DomainName",
    // HTTP/WebSocket APIs only offer TLS_1_0 and TLS_1_2; the best they can do still fails
    compliant: { domainNameConfiguration: { securityPolicy: "SecurityPolicy_TLS13_1_3_2025_09" } },
    bad: [
      [
        "TLS_1_2",
        { domainNameConfiguration: { securityPolicy: "TLS_1_2", endpointType: "REGIONAL" } },
        /TLS_1_2 is weak/,
      ],
    ],
    unknown: { domainNameConfiguration: { securityPolicy: UNKNOWN } },
  },
  "opensearch-tls": {
    policy: opensearchTls,
    type: "aws:opensearch/domain:Domain",
    compliant: {
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
      nodeToNodeEncryption: { enabled: true },
    },
    bad: [
      [
        "HTTPS not enforced",
        {
          domainEndpointOptions: { enforceHttps: false, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
          nodeToNodeEncryption: { enabled: true },
        },
        /enforceHttps is false/,
      ],
      [
        "no node-to-node",
        { domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" } },
        /nodeToNodeEncryption.enabled is not set/,
      ],
      [
        "Min-TLS-1-2-2019-07",
        {
          domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" },
          nodeToNodeEncryption: { enabled: true },
        },
        /Policy-Min-TLS-1-2-2019-07 is weak/,
      ],
      [
        "TLS policy unset",
        { domainEndpointOptions: { enforceHttps: true }, nodeToNodeEncryption: { enabled: true } },
        /tlsSecurityPolicy is not set and AWS documents no safe default/,
      ],
    ],
    unknown: { domainEndpointOptions: UNKNOWN },
  },
  "elasticache-transit-encryption": {
    policy: elasticacheTransit,
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    compliant: { transitEncryptionEnabled: true, transitEncryptionMode: "required" },
    bad: [
      ["disabled by default", {}, /transitEncryptionEnabled is not set, so AWS uses false/],
      [
        "preferred mode",
        { transitEncryptionEnabled: true, transitEncryptionMode: "preferred" },
        /transitEncryptionMode is "preferred"/,
      ],
    ],
    unknown: { transitEncryptionEnabled: UNKNOWN },
  },
  "memorydb-tls": {
    policy: memorydbTls,
    type: "aws:memorydb/cluster:Cluster",
    compliant: {},
    bad: [["tls off", { tlsEnabled: false }, /tlsEnabled is false/]],
    unknown: { tlsEnabled: UNKNOWN },
  },
  "msk-tls": {
    policy: mskTls,
    type: "aws:msk/cluster:Cluster",
    compliant: { encryptionInfo: { encryptionInTransit: { clientBroker: "TLS", inCluster: true } } },
    bad: [
      [
        "clientBroker unset (defaults disagree)",
        { encryptionInfo: {} },
        /clientBroker is not set and AWS's default is not documented consistently/,
      ],
      [
        "TLS_PLAINTEXT",
        { encryptionInfo: { encryptionInTransit: { clientBroker: "TLS_PLAINTEXT" } } },
        /clientBroker is "TLS_PLAINTEXT"/,
      ],
      [
        "in-cluster off",
        { encryptionInfo: { encryptionInTransit: { clientBroker: "TLS", inCluster: false } } },
        /inCluster is false/,
      ],
    ],
    unknown: { encryptionInfo: UNKNOWN },
  },
  "rds-proxy-tls": {
    policy: rdsProxyTls,
    type: "aws:rds/proxy:Proxy",
    compliant: { requireTls: true, engineFamily: "POSTGRESQL" },
    bad: [["requireTls unset", { engineFamily: "MYSQL" }, /requireTls is not set, so AWS uses false/]],
    unknown: { requireTls: UNKNOWN },
  },
  "dms-endpoint-tls": {
    policy: dmsEndpointTls,
    type: "aws:dms/endpoint:Endpoint",
    compliant: { engineName: "postgres", sslMode: "verify-full" },
    bad: [
      ["sslMode none", { engineName: "mysql", sslMode: "none" }, /sslMode is "none"/],
      ["sslMode unset", { engineName: "oracle" }, /sslMode is not set, so AWS uses "none"/],
    ],
    unknown: { engineName: "postgres", sslMode: UNKNOWN },
  },
  "ses-tls-required": {
    policy: sesTlsRequired,
    type: "aws:ses/configurationSet:ConfigurationSet",
    compliant: { deliveryOptions: { tlsPolicy: "Require" } },
    bad: [
      ["default Optional", {}, /tlsPolicy is not set, so AWS uses "Optional"/],
      ["OPTIONAL", { deliveryOptions: { tlsPolicy: "OPTIONAL" } }, /tlsPolicy is "OPTIONAL"/],
    ],
    unknown: { deliveryOptions: { tlsPolicy: UNKNOWN } },
  },
  "transfer-server-tls": {
    policy: transferTls,
    type: "aws:transfer/server:Server",
    compliant: { protocols: ["SFTP"], securityPolicyName: "TransferSecurityPolicy-2025-03" },
    bad: [
      ["provider default 2018-11", {}, /not set, so AWS applies TransferSecurityPolicy-2018-11 is weak/],
      [
        "plain FTP",
        { protocols: ["FTP"], securityPolicyName: "TransferSecurityPolicy-2025-03" },
        /protocols includes FTP/,
      ],
      [
        "FTPS with a static-RSA policy",
        { protocols: ["FTPS"], securityPolicyName: "TransferSecurityPolicy-2018-11" },
        /FTPS side\) TransferSecurityPolicy-2018-11 is weak/,
      ],
    ],
    unknown: { securityPolicyName: UNKNOWN },
  },
  "vpn-connection-ike": {
    policy: vpnConnectionIke,
    type: "aws:ec2/vpnConnection:VpnConnection",
    compliant: tunnels(),
    bad: [
      ["IKEv1 allowed", tunnels({ tunnel1IkeVersions: ["ikev1", "ikev2"] }), /tunnel1IkeVersions allows \["ikev1"\]/],
      ["unset list", tunnels({ tunnel2Phase1DhGroupNumbers: undefined }), /tunnel2Phase1DhGroupNumbers is not set/],
      ["SHA1", tunnels({ tunnel1Phase2IntegrityAlgorithms: ["SHA1"] }), /allows \["SHA1"\]/],
      ["AES128", tunnels({ tunnel2Phase1EncryptionAlgorithms: ["AES128"] }), /allows \["AES128"\]/],
      ["DH group 2 and small-subgroup 24", tunnels({ tunnel1Phase1DhGroupNumbers: [2, 14, 24] }), /allows \[2,24\]/],
    ],
    unknown: tunnels({ tunnel1IkeVersions: UNKNOWN }),
  },
  "acm-certificate-key": {
    policy: acmCertificateKey,
    type: "aws:acm/certificate:Certificate",
    compliant: { domainName: "a.example.com", keyAlgorithm: "EC_prime256v1" },
    bad: [["RSA_1024", { keyAlgorithm: "RSA_1024" }, /RSA_1024 is weak/]],
    unknown: { keyAlgorithm: UNKNOWN },
  },
};

describe.each(Object.entries(CASES))("%s", (_id, c) => {
  test("compliant", async () => {
    expect(await run(c.policy, c.type, c.compliant)).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
  });
  test.each(c.bad)("non-compliant: %s", async (_n, props, message) => {
    const o = await run(c.policy, c.type, props);
    expect(o.violations).toEqual([expect.stringMatching(message)]);
  });
  test("not applicable: another type", async () => {
    expect((await run(c.policy, "aws:s3/bucket:Bucket", {})).notApplicable).toBe(true);
  });
  test("unknown at preview", async () => {
    expect((await run(c.policy, c.type, c.unknown)).unknownAtPreview).toBe(true);
  });
  test("wrong shapes never throw and never pass silently", async () => {
    const garbage = Object.fromEntries(Object.keys(c.compliant).map((k) => [k, 7]));
    const o = await run(c.policy, c.type, Object.keys(garbage).length ? garbage : { [Object.keys(c.unknown)[0]]: 7 });
    expect(o.violations.length).toBeGreaterThan(0);
  });
});

test("dms-endpoint-tls: not applicable to engines without sslMode", async () => {
  expect((await run(dmsEndpointTls, "aws:dms/endpoint:Endpoint", { engineName: "s3" })).notApplicable).toBe(true);
});
test("elasticache-transit-encryption: a cluster inside a replication group is not applicable", async () => {
  expect(
    (await run(elasticacheTransit, "aws:elasticache/cluster:Cluster", { replicationGroupId: "rg" })).notApplicable,
  ).toBe(true);
});

/** Each catalogue entry through the rule that rates it: a violation exactly when the entry is weak. */
const THROUGH_RULES: [
  TlsService,
  Policy,
  string,
  (name: string) => Props,
  ((e: ReturnType<typeof tlsPoliciesOf>[number]) => string)?,
][] = [
  ["cloudfront-viewer", cloudfrontTls, CF, (n) => distribution({ viewer: { minimumProtocolVersion: n } })],
  ["cloudfront-origin", cloudfrontTls, CF, (n) => distribution({ origin: { originSslProtocols: [n] } })],
  ["apigateway", apigatewayDomainTls, "aws:apigateway/domainName:DomainName", (n) => ({ securityPolicy: n })],
  [
    "opensearch",
    opensearchTls,
    "aws:opensearch/domain:Domain",
    (n) => ({
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: n },
      nodeToNodeEncryption: { enabled: true },
    }),
  ],
  ["transfer", transferTls, "aws:transfer/server:Server", (n) => ({ securityPolicyName: n })],
  [
    "transfer",
    transferTls,
    "aws:transfer/server:Server",
    (n) => ({ protocols: ["FTPS"], securityPolicyName: n }),
    (e) => tlsVerdict(e),
  ],
  ["acm-key", acmCertificateKey, "aws:acm/certificate:Certificate", (n) => ({ keyAlgorithm: n })],
];

describe.each(THROUGH_RULES)(
  "catalogue %s through its rule",
  (service, policy, type, props, verdictOf = (e) => e.verdict) => {
    test.each(tlsPoliciesOf(service).map((e) => [e.name, verdictOf(e)]))("%s is %s", async (name, verdict) => {
      expect((await run(policy, type, props(name))).violations).toHaveLength(verdict === "weak" ? 1 : 0);
    });
  },
);
