import {
  TLS_SERVICE_DEFAULTS,
  TLS_VERSIONS,
  acmKeyVerdict,
  lookupTlsPolicy,
  sshVerdict,
  tlsPoliciesOf,
  tlsVerdict,
  verdictRank,
  type TlsPolicyEntry,
  type TlsPolicyFacts,
  type TlsService,
  type TlsVerdict,
} from "../../policies/src/catalog/tls-policies";

const SERVICES: readonly TlsService[] = [
  "elbv2",
  "elb-classic",
  "cloudfront-viewer",
  "cloudfront-origin",
  "apigateway",
  "opensearch",
  "transfer",
  "iot",
  "documentdb",
  "acm-key",
];

const allEntries = (): TlsPolicyEntry[] => SERVICES.flatMap((s) => [...tlsPoliciesOf(s)]);

/** Compare as one object so a failure names every mismatching policy at once. */
function expectVerdicts(service: TlsService, names: readonly string[], verdict: TlsVerdict): void {
  const actual = Object.fromEntries(names.map((n) => [n, lookupTlsPolicy(service, n)?.verdict ?? "MISSING"]));
  const expected = Object.fromEntries(names.map((n) => [n, verdict]));
  expect(actual).toEqual(expected);
}

const elb = (suffixes: readonly string[]): string[] => suffixes.map((s) => `ELBSecurityPolicy-${s}`);

// Section 7 sets of the reference, ELBSecurityPolicy- prefix omitted as there.
const ELB_STRONG = [
  "TLS13-1-3-2021-06",
  "TLS13-1-2-Res-2021-06",
  "TLS13-1-3-FIPS-2023-04",
  "TLS13-1-2-Res-FIPS-2023-04",
  "TLS13-1-3-PQ-2025-09",
  "TLS13-1-2-Res-PQ-2025-09",
  "TLS13-1-3-FIPS-PQ-2025-09",
  "TLS13-1-2-Res-FIPS-PQ-2025-09",
  "TLS13-1-3-RFC9151-FIPS-2023-07",
  "TLS13-1-2-RFC9151-FIPS-2023-07",
  "TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07",
  "TLS13-1-3-CNSA2-INTEROP1-FIPS-PQ-2026-07",
  "TLS13-1-2-CNSA2-INTEROP2-FIPS-PQ-2026-07",
];
const ELB_ACCEPTABLE = [
  "TLS13-1-2-2021-06",
  "TLS13-1-2-FIPS-2023-04",
  "TLS13-1-2-PQ-2025-09",
  "TLS13-1-2-FIPS-PQ-2025-09",
  "FS-1-2-Res-2020-10",
  "FS-1-2-Res-2019-08",
  "TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07",
];
const ELB_WEAK = [
  "2016-08",
  "2015-05",
  "TLS-1-0-2015-04",
  "TLS-1-1-2017-01",
  "TLS-1-2-2017-01",
  "TLS-1-2-Ext-2018-06",
  "FS-2018-06",
  "FS-1-1-2019-08",
  "FS-1-2-2019-08",
  "TLS13-1-0-2021-06",
  "TLS13-1-0-FIPS-2023-04",
  "TLS13-1-0-PQ-2025-09",
  "TLS13-1-0-FIPS-PQ-2025-09",
  "TLS13-1-1-2021-06",
  "TLS13-1-1-FIPS-2023-04",
  "TLS13-1-1-FIPS-PQ-2025-09",
  "TLS13-1-2-Ext0-FIPS-2023-04",
  "TLS13-1-2-Ext0-FIPS-PQ-2025-09",
  "TLS13-1-2-Ext1-2021-06",
  "TLS13-1-2-Ext2-2021-06",
  "TLS13-1-2-Ext1-PQ-2025-09",
  "TLS13-1-2-Ext2-PQ-2025-09",
  "TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07",
  "TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07",
  "TLS13-1-2-Ext0-RFC9151-FIPS-2023-07",
  "TLS13-1-2-CNSA2-INTEROP3-FIPS-PQ-2026-07",
];

describe("tlsVerdict", () => {
  const base: TlsPolicyFacts = {
    name: "x",
    minVersion: "1.2",
    maxVersion: "1.3",
    forwardSecrecyOnly: true,
    cbc: false,
    sha1: false,
    fips: false,
    postQuantum: false,
    source: "test",
  };

  it("follows the checklist rule", () => {
    expect(tlsVerdict(base)).toBe("strong");
    expect(tlsVerdict({ ...base, minVersion: "1.3" })).toBe("strong");
    expect(tlsVerdict({ ...base, cbc: true })).toBe("acceptable");
    expect(tlsVerdict({ ...base, maxVersion: "1.2" })).toBe("acceptable");
    expect(tlsVerdict({ ...base, sha1: true })).toBe("weak");
    expect(tlsVerdict({ ...base, forwardSecrecyOnly: false })).toBe("weak");
    expect(tlsVerdict({ ...base, minVersion: "1.1" })).toBe("weak");
    expect(tlsVerdict({ ...base, minVersion: "1.0" })).toBe("weak");
    expect(tlsVerdict({ ...base, minVersion: "SSLv3" })).toBe("weak");
  });

  it("ignores FIPS and PQ, which are labels rather than strength", () => {
    for (const fips of [false, true]) {
      for (const postQuantum of [false, true]) {
        expect(tlsVerdict({ ...base, cbc: true, fips, postQuantum })).toBe("acceptable");
      }
    }
  });

  // Exhaustive over the fact lattice: a is "no better" than b when every fact of a is equal or worse.
  it("is monotone: worse facts never give a better verdict", () => {
    const all: TlsPolicyFacts[] = [];
    for (const minVersion of TLS_VERSIONS)
      for (const maxVersion of TLS_VERSIONS)
        for (const forwardSecrecyOnly of [false, true])
          for (const cbc of [false, true])
            for (const sha1 of [false, true])
              all.push({ ...base, minVersion, maxVersion, forwardSecrecyOnly, cbc, sha1 });
    const v = (x: TlsPolicyFacts["minVersion"]): number => TLS_VERSIONS.indexOf(x);
    const noBetter = (a: TlsPolicyFacts, b: TlsPolicyFacts): boolean =>
      v(a.minVersion) <= v(b.minVersion) &&
      v(a.maxVersion) <= v(b.maxVersion) &&
      (!a.forwardSecrecyOnly || b.forwardSecrecyOnly) &&
      (a.cbc || !b.cbc) &&
      (a.sha1 || !b.sha1);
    for (const b of all) {
      for (const a of all) {
        if (noBetter(a, b)) expect(verdictRank(tlsVerdict(a))).toBeLessThanOrEqual(verdictRank(tlsVerdict(b)));
      }
    }
  });

  it("never lets a worsened strong catalogue row improve", () => {
    const strong = allEntries().filter((e) => !e.ssh && !e.key && e.verdict === "strong");
    expect(strong.length).toBeGreaterThan(10);
    const worsen: ((f: TlsPolicyFacts) => TlsPolicyFacts)[] = [
      (f) => ({ ...f, cbc: true }),
      (f) => ({ ...f, sha1: true }),
      (f) => ({ ...f, forwardSecrecyOnly: false }),
      (f) => ({ ...f, minVersion: "1.0" }),
      (f) => ({ ...f, maxVersion: "1.2" }),
    ];
    for (const e of strong) {
      for (const w of worsen) expect(verdictRank(tlsVerdict(w(e)))).toBeLessThanOrEqual(verdictRank(e.verdict));
    }
  });
});

describe("sshVerdict and acmKeyVerdict", () => {
  const ssh = { sha1: false, legacy: false, experimental: false, pqKex: false, auditClean: false };

  it("rate SSH sets", () => {
    expect(sshVerdict(ssh)).toBe("acceptable");
    expect(sshVerdict({ ...ssh, pqKex: true })).toBe("strong");
    expect(sshVerdict({ ...ssh, auditClean: true })).toBe("strong");
    expect(sshVerdict({ ...ssh, pqKex: true, sha1: true })).toBe("weak");
    expect(sshVerdict({ ...ssh, pqKex: true, legacy: true })).toBe("weak");
    expect(sshVerdict({ ...ssh, pqKex: true, experimental: true })).toBe("weak");
  });

  it("rate certificate keys", () => {
    expect(acmKeyVerdict({ family: "RSA", bits: 1024, importOnly: true })).toBe("weak");
    expect(acmKeyVerdict({ family: "RSA", bits: 2048, importOnly: false })).toBe("acceptable");
    expect(acmKeyVerdict({ family: "EC", bits: 256, importOnly: false })).toBe("strong");
    expect(acmKeyVerdict({ family: "EC", bits: 521, importOnly: true })).toBe("acceptable");
  });
});

describe("catalogue integrity", () => {
  it("has rows for every service", () => {
    for (const s of SERVICES) expect(tlsPoliciesOf(s).length).toBeGreaterThan(0);
  });

  it("has no name twice per service", () => {
    for (const s of SERVICES) {
      const names = tlsPoliciesOf(s).map((e) => e.name);
      expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    }
  });

  it("derives every verdict from the row's facts", () => {
    for (const e of allEntries()) {
      const derived = e.key ? acmKeyVerdict(e.key) : e.ssh ? sshVerdict(e.ssh) : tlsVerdict(e);
      expect({ name: e.name, verdict: e.verdict }).toEqual({ name: e.name, verdict: derived });
    }
  });

  it("gives the own fact shapes to transfer and acm-key only", () => {
    for (const e of allEntries()) {
      expect({ name: e.name, ssh: e.ssh !== undefined }).toEqual({ name: e.name, ssh: e.service === "transfer" });
      expect({ name: e.name, key: e.key !== undefined }).toEqual({ name: e.name, key: e.service === "acm-key" });
    }
  });

  it("keeps min <= max and tags each row with its service and a source", () => {
    for (const s of SERVICES) {
      for (const e of tlsPoliciesOf(s)) {
        expect(TLS_VERSIONS.indexOf(e.minVersion)).toBeLessThanOrEqual(TLS_VERSIONS.indexOf(e.maxVersion));
        expect(e.service).toBe(s);
        expect(e.source).toMatch(/\S/);
        if (e.unverified !== undefined) expect(e.unverified).toMatch(/\S/);
      }
    }
  });

  it("never rates an unverified row strong unless its facts do", () => {
    const unverified = allEntries().filter((e) => e.unverified !== undefined);
    expect(unverified.length).toBeGreaterThan(20);
    for (const e of unverified.filter((x) => x.verdict === "strong")) {
      const derived = e.key ? acmKeyVerdict(e.key) : e.ssh ? sshVerdict(e.ssh) : tlsVerdict(e);
      expect({ name: e.name, derived }).toEqual({ name: e.name, derived: "strong" });
    }
  });

  it("marks the rows the reference calls inferred, provisional or possibly missing", () => {
    const marked: [TlsService, string][] = [
      ["elbv2", "ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09"],
      ["elbv2", "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09"],
      ["elbv2", "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09"],
      ["elbv2", "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09"],
      ["elbv2", "ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07"],
      ["elbv2", "ELBSecurityPolicy-TLS13-1-2-Ext0-RFC9151-FIPS-2023-07"],
      ["elbv2", "ELBSecurityPolicy-TLS13-1-3-CNSA2-INTEROP1-FIPS-PQ-2026-07"],
      ["elbv2", "ELBSecurityPolicy-TLS13-1-2-CNSA2-INTEROP2-FIPS-PQ-2026-07"],
      ["elbv2", "ELBSecurityPolicy-TLS13-1-2-CNSA2-INTEROP3-FIPS-PQ-2026-07"],
      ["apigateway", "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09"],
      ["apigateway", "SecurityPolicy_TLS13_1_2_PQ_2025_09"],
      ["apigateway", "SecurityPolicy_TLS13_2025_EDGE"],
      ["apigateway", "SecurityPolicy_TLS12_PFS_2025_EDGE"],
      ["apigateway", "SecurityPolicy_TLS13_1_2_2021_06"],
      ["opensearch", "Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08"],
      ["transfer", "TransferSecurityPolicy-Restricted-2024-06"],
      ["acm-key", "EC_secp521r1"],
    ];
    const missing = marked.filter(([s, n]) => lookupTlsPolicy(s, n)?.unverified === undefined);
    expect(missing).toEqual([]);
  });

  it("freezes entries so rules cannot edit the catalogue", () => {
    const e = lookupTlsPolicy("elbv2", "ELBSecurityPolicy-2016-08");
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.isFrozen(tlsPoliciesOf("elbv2"))).toBe(true);
  });
});

describe("lookupTlsPolicy", () => {
  it("matches exact names only", () => {
    expect(lookupTlsPolicy("elbv2", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06")?.verdict).toBe("strong");
    expect(lookupTlsPolicy("elbv2", "ELBSecurityPolicy-TLS13-1-2")).toBeUndefined();
    expect(lookupTlsPolicy("elbv2", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06-x")).toBeUndefined();
    expect(lookupTlsPolicy("elbv2", "elbsecuritypolicy-tls13-1-2-res-2021-06")).toBeUndefined();
    expect(lookupTlsPolicy("elbv2", " ELBSecurityPolicy-TLS13-1-2-Res-2021-06")).toBeUndefined();
    expect(lookupTlsPolicy("elbv2", "TLS13-1-2-Res-2021-06")).toBeUndefined();
    expect(lookupTlsPolicy("elbv2", "")).toBeUndefined();
    expect(lookupTlsPolicy("cloudfront-viewer", "tlsv1.2_2021")).toBeUndefined();
    expect(lookupTlsPolicy("cloudfront-viewer", "TLSv1.2")).toBeUndefined();
    expect(lookupTlsPolicy("documentdb", "TLS1.2+")).toBeUndefined();
    expect(lookupTlsPolicy("acm-key", "rsa_2048")).toBeUndefined();
  });

  it("keeps services apart", () => {
    // Same name, different suites: 2015-05 adds 3DES on Classic only; TLSv1.2 means different things on CloudFront.
    expect(lookupTlsPolicy("elbv2", "ELBSecurityPolicy-2015-05")?.service).toBe("elbv2");
    expect(lookupTlsPolicy("elb-classic", "ELBSecurityPolicy-2015-05")?.service).toBe("elb-classic");
    expect(lookupTlsPolicy("elb-classic", "ELBSecurityPolicy-TLS13-1-3-2021-06")).toBeUndefined();
    expect(lookupTlsPolicy("cloudfront-origin", "TLSv1.2_2021")).toBeUndefined();
    expect(lookupTlsPolicy("apigateway", "TLSv1.2_2021")).toBeUndefined();
  });

  it("does not fall through to object prototype keys or unknown services", () => {
    expect(lookupTlsPolicy("elbv2", "constructor")).toBeUndefined();
    expect(lookupTlsPolicy("elbv2", "__proto__")).toBeUndefined();
    expect(lookupTlsPolicy("nope" as TlsService, "TLSv1")).toBeUndefined();
    expect(tlsPoliciesOf("nope" as TlsService)).toEqual([]);
  });
});

describe("verdicts match the reference's section 7", () => {
  it("ELB ALB/NLB", () => {
    expectVerdicts("elbv2", elb(ELB_STRONG), "strong");
    expectVerdicts("elbv2", elb(ELB_ACCEPTABLE), "acceptable");
    expectVerdicts("elbv2", elb(ELB_WEAK), "weak");
  });

  it("ELB: everything outside the strong and acceptable lists is weak", () => {
    const passing = new Set(elb([...ELB_STRONG, ...ELB_ACCEPTABLE]));
    const rest = tlsPoliciesOf("elbv2")
      .map((e) => e.name)
      .filter((n) => !passing.has(n));
    expectVerdicts("elbv2", rest, "weak");
    // The families the reference names by pattern.
    expect(rest).toEqual(
      expect.arrayContaining(
        tlsPoliciesOf("elbv2")
          .map((e) => e.name)
          .filter((n) => /-TLS13-1-[01]-|-Ext[012]-/.test(n)),
      ),
    );
  });

  it("ELB: the surprising cases", () => {
    expectVerdicts("elbv2", elb(["TLS13-1-0-2021-06", "TLS-1-2-2017-01", "2016-08"]), "weak");
    expectVerdicts("elbv2", elb(["FS-1-2-Res-2020-10"]), "acceptable");
  });

  it("Classic LB: every predefined policy is weak", () => {
    const names = tlsPoliciesOf("elb-classic").map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        ...elb(["2016-08", "TLS-1-2-2017-01", "TLS-1-1-2017-01", "2015-05", "2015-03", "2015-02"]),
        ...elb(["2014-10", "2014-01", "2011-08"]),
        "ELBSample-ELBDefaultNegotiationPolicy",
        "ELBSample-OpenSSLDefaultNegotiationPolicy",
      ]),
    );
    expectVerdicts("elb-classic", names, "weak");
  });

  it("CloudFront viewer", () => {
    expectVerdicts("cloudfront-viewer", ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"], "strong");
    expectVerdicts("cloudfront-viewer", ["TLSv1.2_2019"], "acceptable");
    expectVerdicts("cloudfront-viewer", ["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018"], "weak");
    expect(tlsPoliciesOf("cloudfront-viewer")).toHaveLength(9);
  });

  it("CloudFront origin", () => {
    expectVerdicts("cloudfront-origin", ["TLSv1.2"], "acceptable");
    expectVerdicts("cloudfront-origin", ["SSLv3", "TLSv1", "TLSv1.1"], "weak");
    expect(lookupTlsPolicy("cloudfront-origin", "TLSv1.3")).toBeUndefined();
  });

  it("API Gateway", () => {
    expectVerdicts(
      "apigateway",
      ["SecurityPolicy_TLS13_1_3_2025_09", "SecurityPolicy_TLS13_1_3_FIPS_2025_09", "SecurityPolicy_TLS13_2025_EDGE"],
      "strong",
    );
    // "Strong/acceptable, provisional" lands on the stricter side.
    expectVerdicts(
      "apigateway",
      [
        "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
        "SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09",
        "SecurityPolicy_TLS12_PFS_2025_EDGE",
        "SecurityPolicy_TLS13_1_2_2021_06",
      ],
      "acceptable",
    );
    expectVerdicts(
      "apigateway",
      [
        "TLS_1_0",
        "TLS_1_2",
        "SecurityPolicy_TLS12_2018_EDGE",
        "SecurityPolicy_TLS13_1_2_PQ_2025_09",
        "SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09",
      ],
      "weak",
    );
    expect(tlsPoliciesOf("apigateway")).toHaveLength(12);
  });

  it("OpenSearch", () => {
    expectVerdicts(
      "opensearch",
      ["Policy-Min-TLS-1-2-PFS-2023-10", "Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08"],
      "strong",
    );
    expectVerdicts("opensearch", ["Policy-Min-TLS-1-0-2019-07", "Policy-Min-TLS-1-2-2019-07"], "weak");
  });

  it("Transfer Family (SFTP side)", () => {
    const t = (s: readonly string[]): string[] => s.map((x) => `TransferSecurityPolicy-${x}`);
    expectVerdicts(
      "transfer",
      t(["2025-03", "FIPS-2025-03", "SshAuditCompliant-2025-02", "AS2Restricted-2025-07"]),
      "strong",
    );
    expectVerdicts(
      "transfer",
      t(["2024-01", "FIPS-2024-01", "FIPS-2024-05", "Restricted-2024-06", "2023-05", "FIPS-2023-05", "2022-03"]),
      "acceptable",
    );
    expectVerdicts(
      "transfer",
      t([
        "2018-11",
        "Restricted-2018-11",
        "2020-06",
        "FIPS-2020-06",
        "Restricted-2020-06",
        "PQ-SSH-Experimental-2023-04",
        "PQ-SSH-FIPS-Experimental-2023-04",
      ]),
      "weak",
    );
    expectVerdicts("transfer", ["TransferSFTPConnectorSecurityPolicy-2023-07"], "weak");
    expectVerdicts("transfer", ["TransferSFTPConnectorSecurityPolicy-2024-03"], "acceptable");
  });

  it("Transfer Family: FTPS side is at best acceptable, and 2018-11 is weak there too", () => {
    for (const e of tlsPoliciesOf("transfer")) expect(verdictRank(tlsVerdict(e))).toBeLessThanOrEqual(1);
    expect(tlsVerdict(lookupTlsPolicy("transfer", "TransferSecurityPolicy-2025-03")!)).toBe("acceptable");
    expect(tlsVerdict(lookupTlsPolicy("transfer", "TransferSecurityPolicy-2018-11")!)).toBe("weak");
  });

  it("IoT", () => {
    expectVerdicts("iot", ["IoTSecurityPolicy_TLS13_1_3_2022_10"], "strong");
    expectVerdicts(
      "iot",
      [
        "IoTSecurityPolicy_TLS13_1_2_2022_10",
        "IoTSecurityPolicy_TLS12_1_2_2022_10",
        "IoTSecurityPolicy_TLS12_1_0_2016_01",
        "IoTSecurityPolicy_TLS12_1_0_2015_01",
      ],
      "weak",
    );
  });

  it("DocumentDB", () => {
    expectVerdicts("documentdb", ["tls1.3+"], "strong");
    expectVerdicts("documentdb", ["tls1.2+", "fips-140-3"], "acceptable");
    expectVerdicts("documentdb", ["enabled", "disabled"], "weak");
  });

  it("ACM key algorithms", () => {
    expectVerdicts("acm-key", ["EC_prime256v1", "EC_secp384r1"], "strong");
    expectVerdicts("acm-key", ["RSA_2048", "RSA_3072", "RSA_4096"], "acceptable");
    expectVerdicts("acm-key", ["RSA_1024"], "weak");
    // Placeholder TLS fields must fail closed if someone runs tlsVerdict on a key row.
    for (const e of tlsPoliciesOf("acm-key")) expect(tlsVerdict(e)).toBe("weak");
  });
});

describe("TLS_SERVICE_DEFAULTS", () => {
  it("names a catalogued policy for every service it covers", () => {
    for (const [s, name] of Object.entries(TLS_SERVICE_DEFAULTS) as [TlsService, string][]) {
      expect({ s, found: lookupTlsPolicy(s, name)?.name }).toEqual({ s, found: name });
    }
  });

  it("carries the documented defaults, mostly weak", () => {
    expect(TLS_SERVICE_DEFAULTS.elbv2).toBe("ELBSecurityPolicy-2016-08");
    expect(TLS_SERVICE_DEFAULTS["elb-classic"]).toBe("ELBSecurityPolicy-2016-08");
    expect(TLS_SERVICE_DEFAULTS["cloudfront-viewer"]).toBe("TLSv1");
    expect(TLS_SERVICE_DEFAULTS.iot).toBe("IoTSecurityPolicy_TLS13_1_2_2022_10");
    expect(TLS_SERVICE_DEFAULTS.documentdb).toBe("enabled");
    const weakByDefault = ["elbv2", "elb-classic", "cloudfront-viewer", "apigateway", "transfer", "iot", "documentdb"];
    for (const s of weakByDefault as TlsService[]) {
      expect({ s, verdict: lookupTlsPolicy(s, TLS_SERVICE_DEFAULTS[s]!)?.verdict }).toEqual({ s, verdict: "weak" });
    }
    expect(lookupTlsPolicy("acm-key", TLS_SERVICE_DEFAULTS["acm-key"]!)?.verdict).toBe("acceptable");
  });
});
