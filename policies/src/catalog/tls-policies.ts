/**
 * TLS policy catalogue for the AWS services the pack checks, kept as data: one row per AWS policy name.
 *
 * Verdicts are never written by hand. `tlsVerdict()` derives them from each row's facts; only two services whose
 * settings are not TLS suites get their own small fact shape and derivation (`sshVerdict` for the SFTP side of
 * Transfer Family, `acmKeyVerdict` for certificate keys).
 *
 * Names that are not listed are unknown on purpose: rules should deny them or send them for review (an allow-list of
 * known names, not a deny-list). Facts follow the shared AWS TLS reference (s2n-tls and botocore snapshots of
 * 2026-08-07); where it marks a fact as inferred or provisional the row carries `unverified` and the worse reading.
 */

export type TlsVersion = "SSLv3" | "1.0" | "1.1" | "1.2" | "1.3";
export type TlsVerdict = "strong" | "acceptable" | "weak";
export type TlsService =
  | "elbv2" // ALB HTTPS / NLB TLS listeners, ELBSecurityPolicy-*
  | "elb-classic" // Classic LB predefined SSLNegotiationPolicyType policies
  | "cloudfront-viewer" // viewerCertificate.minimumProtocolVersion
  | "cloudfront-origin" // originSslProtocols entries (SSLv3, TLSv1, TLSv1.1, TLSv1.2)
  | "apigateway" // custom domain securityPolicy
  | "opensearch" // domainEndpointOptions.tlsSecurityPolicy
  | "transfer" // Transfer Family securityPolicyName (servers and SFTP connectors)
  | "iot" // IoT domain configuration tlsConfig.securityPolicy
  | "documentdb" // tls cluster parameter values
  | "acm-key"; // ACM certificate keyAlgorithm

export interface TlsPolicyFacts {
  name: string;
  minVersion: TlsVersion;
  maxVersion: TlsVersion;
  forwardSecrecyOnly: boolean;
  cbc: boolean;
  sha1: boolean;
  fips: boolean;
  postQuantum: boolean;
  /** set when the source marks the row infer/verify/provisional: say what is unverified; facts then take the stricter reading */
  unverified?: string;
  /** short source tag(s), e.g. "AWS-doc", "s2n", "3p" */
  source: string;
  /** optional note, e.g. "AWS API default" */
  note?: string;
}

/** SFTP/SSH side of a Transfer Family policy. SSH has no TLS versions, so it is rated by `sshVerdict`. */
export interface SshFacts {
  /** SHA1 key exchange or MAC (diffie-hellman-group14-sha1, hmac-sha1, umac-64). */
  sha1: boolean;
  /** Dated but not SHA1: diffie-hellman-group14-sha256 kex or non-ETM MACs. */
  legacy: boolean;
  /** Draft post-quantum kex that AWS labels experimental. */
  experimental: boolean;
  /** Offers hybrid ML-KEM key exchange. */
  pqKex: boolean;
  /** Policy built to pass ssh-audit cleanly. */
  auditClean: boolean;
}

/** Certificate key of an ACM certificate (`keyAlgorithm`), rated by `acmKeyVerdict`. */
export interface AcmKeyFacts {
  family: "RSA" | "EC";
  /** RSA modulus size or EC curve size in bits. */
  bits: number;
  /** ACM cannot issue it; only imported certificates use it. */
  importOnly: boolean;
}

export interface TlsPolicyEntry extends TlsPolicyFacts {
  service: TlsService;
  verdict: TlsVerdict;
  /**
   * transfer only. `verdict` rates this SFTP side (what the reference's verdicts rate); the TLS fields describe the
   * FTPS listener, so `tlsVerdict(entry)` gives the FTPS verdict, which is never better than "acceptable".
   */
  ssh?: SshFacts;
  /** acm-key only. `verdict` comes from these; the TLS fields are the fail-closed placeholder (see NO_TLS). */
  key?: AcmKeyFacts;
}

/** Protocol versions from oldest to newest. */
export const TLS_VERSIONS: readonly TlsVersion[] = Object.freeze(["SSLv3", "1.0", "1.1", "1.2", "1.3"] as const);

const VERDICT_RANK: Readonly<Record<TlsVerdict, number>> = { weak: 0, acceptable: 1, strong: 2 };

/** 0 = weak, 1 = acceptable, 2 = strong; lets rules ask "at least acceptable" or take the worst of several. */
export function verdictRank(v: TlsVerdict): number {
  return VERDICT_RANK[v];
}

function versionRank(v: TlsVersion): number {
  return TLS_VERSIONS.indexOf(v);
}

/** The one function that derives a verdict from facts (never typed by hand per row). */
export function tlsVerdict(f: TlsPolicyFacts): TlsVerdict {
  // One legacy protocol, one static-RSA suite or one SHA1 MAC is enough to fail.
  if (versionRank(f.minVersion) < versionRank("1.2") || !f.forwardSecrecyOnly || f.sha1) return "weak";
  // Strong also needs TLS 1.3 on offer and AEAD-only suites on 1.2.
  return f.maxVersion === "1.3" && !f.cbc ? "strong" : "acceptable";
}

/** SFTP side of Transfer Family policies. */
export function sshVerdict(s: SshFacts): TlsVerdict {
  if (s.sha1 || s.legacy || s.experimental) return "weak";
  // Without PQ kex or an ssh-audit-clean set the reference rates current policies acceptable, not strong.
  return s.pqKex || s.auditClean ? "strong" : "acceptable";
}

// The checklist names P-256 and P-384 as the good curves.
const CHECKLIST_CURVE_BITS: readonly number[] = [256, 384];

/** ACM certificate keys: RSA >= 2048 passes, P-256/P-384 are best. */
export function acmKeyVerdict(k: AcmKeyFacts): TlsVerdict {
  if (k.family === "RSA") return k.bits >= 2048 ? "acceptable" : "weak";
  if (CHECKLIST_CURVE_BITS.includes(k.bits)) return "strong";
  // A sound curve that the checklist does not list (P-521): passes, and the row asks for review.
  return k.bits >= 256 ? "acceptable" : "weak";
}

// ---------------------------------------------------------------------------------------------------------------
// Row helpers. A flag present means the property holds; an absent flag means it does not.

type Flag = "fs" | "cbc" | "sha1" | "fips" | "pq";
type SshFlag = "sha1" | "legacy" | "experimental" | "pq" | "audit" | "fips";
interface Extra {
  unverified?: string;
  note?: string;
}
interface Row extends TlsPolicyFacts {
  ssh?: SshFacts;
  key?: AcmKeyFacts;
}
type TlsRange = [min: TlsVersion, max: TlsVersion, flags: readonly Flag[]];
type RowTail = [...TlsRange, source: string, extra?: Extra];

const infer = (what: string): Extra => ({ unverified: what });
const note = (text: string): Extra => ({ note: text });

function row(name: string, ...[min, max, flags, source, extra = {}]: RowTail): Row {
  const has = (f: Flag): boolean => flags.includes(f);
  return {
    name,
    minVersion: min,
    maxVersion: max,
    forwardSecrecyOnly: has("fs"),
    cbc: has("cbc"),
    sha1: has("sha1"),
    fips: has("fips"),
    postQuantum: has("pq"),
    source,
    ...extra,
  };
}

const elb = (suffix: string, ...tail: RowTail): Row => row(`ELBSecurityPolicy-${suffix}`, ...tail);
const apigw = (suffix: string, ...tail: RowTail): Row => row(`SecurityPolicy_${suffix}`, ...tail);
const iot = (suffix: string, ...tail: RowTail): Row => row(`IoTSecurityPolicy_${suffix}`, ...tail);

/**
 * TLS fields for rows that have no TLS handshake to describe (plaintext, SSH-only, key algorithms). Chosen so that
 * tlsVerdict() on such a row says "weak": misusing it fails closed instead of passing.
 */
const NO_TLS: TlsRange = ["SSLv3", "SSLv3", []];

// FTPS side of Transfer servers: 8 ECDHE suites (AES-GCM plus AES-CBC with SHA256/384), TLS 1.2 only. 2018-11 adds
// static-RSA CBC suites.
const FTPS: Readonly<Record<"ecdhe" | "rsa" | "none", TlsRange>> = {
  ecdhe: ["1.2", "1.2", ["fs", "cbc"]],
  rsa: ["1.2", "1.2", ["cbc"]],
  none: NO_TLS,
};

function transferRow(
  name: string,
  ssh: readonly SshFlag[],
  ftps: keyof typeof FTPS,
  source: string,
  extra?: Extra,
): Row {
  const [min, max, tlsFlags] = FTPS[ftps];
  const fips: readonly Flag[] = ssh.includes("fips") ? ["fips"] : [];
  return {
    ...row(name, min, max, [...tlsFlags, ...fips], source, extra),
    ssh: {
      sha1: ssh.includes("sha1"),
      legacy: ssh.includes("legacy"),
      experimental: ssh.includes("experimental"),
      pqKex: ssh.includes("pq"),
      auditClean: ssh.includes("audit"),
    },
  };
}

type TransferTail = [ssh: readonly SshFlag[], ftps: keyof typeof FTPS, source: string, extra?: Extra];
const transfer = (suffix: string, ...tail: TransferTail): Row =>
  transferRow(`TransferSecurityPolicy-${suffix}`, ...tail);
// SFTP connectors (client side, aws.transfer.Connector): SSH only, no FTPS.
const connector = (suffix: string, ...tail: TransferTail): Row =>
  transferRow(`TransferSFTPConnectorSecurityPolicy-${suffix}`, ...tail);

function acmKey(name: string, family: AcmKeyFacts["family"], bits: number, importOnly: boolean, extra?: Extra): Row {
  return { ...row(name, ...NO_TLS, "model", extra), key: { family, bits, importOnly } };
}

// ---------------------------------------------------------------------------------------------------------------
// ELB: ALB HTTPS and NLB TLS listeners.

const ELBV2: readonly Row[] = [
  // TLS 1.3 (2021-06) and legacy TLS families.
  elb("TLS13-1-3-2021-06", "1.3", "1.3", ["fs"], "AWS-doc"),
  elb("TLS13-1-2-Res-2021-06", "1.2", "1.3", ["fs"], "AWS-doc", note("console default in 2024-25 copies")),
  elb("TLS13-1-2-2021-06", "1.2", "1.3", ["fs", "cbc"], "AWS-doc", note("CDK RECOMMENDED_TLS")),
  elb("TLS13-1-2-Ext1-2021-06", "1.2", "1.3", ["cbc"], "AWS-doc"),
  elb("TLS13-1-2-Ext2-2021-06", "1.2", "1.3", ["cbc", "sha1"], "AWS-doc"),
  elb("TLS13-1-1-2021-06", "1.1", "1.3", ["cbc", "sha1"], "AWS-doc"),
  elb("TLS13-1-0-2021-06", "1.0", "1.3", ["cbc", "sha1"], "AWS-doc", note("TLS13 in the name, TLS 1.0 allowed")),
  elb("TLS-1-2-Ext-2018-06", "1.2", "1.2", ["cbc", "sha1"], "AWS-doc"),
  // Scanners often pass this one; its static-RSA suites fail the FS rule here.
  elb("TLS-1-2-2017-01", "1.2", "1.2", ["cbc"], "AWS-doc"),
  elb("TLS-1-1-2017-01", "1.1", "1.2", ["cbc", "sha1"], "AWS-doc"),
  elb("2016-08", "1.0", "1.2", ["cbc", "sha1"], "AWS-doc", note("AWS API/IaC default; CDK RECOMMENDED")),
  elb("2015-05", "1.0", "1.2", ["cbc", "sha1"], "AWS-doc", note("NLB page; same suites as 2016-08")),
  elb("TLS-1-0-2015-04", "1.0", "1.2", ["cbc", "sha1"], "AWS-doc,3p", note("dropped from current pages; adds 3DES")),

  // FS family: forward secret, but TLS 1.2 at most, so never strong.
  elb("FS-1-2-Res-2020-10", "1.2", "1.2", ["fs"], "AWS-doc"),
  elb("FS-1-2-Res-2019-08", "1.2", "1.2", ["fs", "cbc"], "AWS-doc"),
  elb("FS-1-2-2019-08", "1.2", "1.2", ["fs", "cbc", "sha1"], "AWS-doc"),
  elb("FS-1-1-2019-08", "1.1", "1.2", ["fs", "cbc", "sha1"], "AWS-doc"),
  elb("FS-2018-06", "1.0", "1.2", ["fs", "cbc", "sha1"], "AWS-doc"),

  // FIPS family (2023-04); no ChaCha20 anywhere.
  elb("TLS13-1-3-FIPS-2023-04", "1.3", "1.3", ["fs", "fips"], "AWS-doc"),
  elb("TLS13-1-2-Res-FIPS-2023-04", "1.2", "1.3", ["fs", "fips"], "AWS-doc"),
  elb("TLS13-1-2-FIPS-2023-04", "1.2", "1.3", ["fs", "cbc", "fips"], "AWS-doc"),
  // Ext0 is all-ECDHE yet still offers CBC-SHA1.
  elb("TLS13-1-2-Ext0-FIPS-2023-04", "1.2", "1.3", ["fs", "cbc", "sha1", "fips"], "AWS-doc"),
  elb("TLS13-1-2-Ext1-FIPS-2023-04", "1.2", "1.3", ["cbc", "fips"], "AWS-doc"),
  elb("TLS13-1-2-Ext2-FIPS-2023-04", "1.2", "1.3", ["cbc", "sha1", "fips"], "AWS-doc"),
  elb("TLS13-1-1-FIPS-2023-04", "1.1", "1.3", ["cbc", "sha1", "fips"], "AWS-doc"),
  elb("TLS13-1-0-FIPS-2023-04", "1.0", "1.3", ["cbc", "sha1", "fips"], "AWS-doc", note("FIPS back-end policy")),

  // Post-quantum family (2025-09): hybrid ML-KEM on TLS 1.3 only; TLS 1.2 behaves like the classical twin.
  elb("TLS13-1-3-PQ-2025-09", "1.3", "1.3", ["fs", "pq"], "AWS-doc,3p"),
  elb("TLS13-1-2-Res-PQ-2025-09", "1.2", "1.3", ["fs", "pq"], "AWS-doc,3p", note("console default; AWS-recommended")),
  elb("TLS13-1-2-PQ-2025-09", "1.2", "1.3", ["fs", "cbc", "pq"], "3p", note("CDK RECOMMENDED_TLS_PQ")),
  elb("TLS13-1-2-Ext1-PQ-2025-09", "1.2", "1.3", ["cbc", "sha1", "pq"], "3p", {
    unverified: "moto gives it SHA1 suites its non-PQ twin lacks; SHA1 taken as present",
  }),
  elb("TLS13-1-2-Ext2-PQ-2025-09", "1.2", "1.3", ["cbc", "sha1", "pq"], "3p"),
  elb("TLS13-1-0-PQ-2025-09", "1.0", "1.3", ["cbc", "sha1", "pq"], "3p"),
  elb("TLS13-1-3-FIPS-PQ-2025-09", "1.3", "1.3", ["fs", "fips", "pq"], "3p"),
  elb("TLS13-1-2-Res-FIPS-PQ-2025-09", "1.2", "1.3", ["fs", "fips", "pq"], "AWS-doc,3p", note("AWS-recommended FIPS")),
  elb("TLS13-1-2-FIPS-PQ-2025-09", "1.2", "1.3", ["fs", "cbc", "fips", "pq"], "3p", {
    unverified: "suites inferred from TLS13-1-2-FIPS-2023-04",
  }),
  elb("TLS13-1-2-Ext0-FIPS-PQ-2025-09", "1.2", "1.3", ["fs", "cbc", "sha1", "fips", "pq"], "3p", {
    unverified: "suites inferred from TLS13-1-2-Ext0-FIPS-2023-04",
  }),
  elb("TLS13-1-2-Ext1-FIPS-PQ-2025-09", "1.2", "1.3", ["cbc", "sha1", "fips", "pq"], "3p", {
    unverified: "SHA1 absence is inferred; taken as present",
  }),
  elb("TLS13-1-2-Ext2-FIPS-PQ-2025-09", "1.2", "1.3", ["cbc", "sha1", "fips", "pq"], "3p"),
  elb("TLS13-1-0-FIPS-PQ-2025-09", "1.0", "1.3", ["cbc", "sha1", "fips", "pq"], "3p"),
  elb("TLS13-1-1-FIPS-PQ-2025-09", "1.1", "1.3", ["cbc", "sha1", "fips", "pq"], "3p", {
    unverified: "only the CDK enum lists it; may not exist",
  }),

  // RFC 9151 (CNSA 1.0) family: FIPS, no PQ. RFC 9151 still permits RSA key transport, hence non-FS members.
  elb("TLS13-1-3-RFC9151-FIPS-2023-07", "1.3", "1.3", ["fs", "fips"], "s2n", infer("inferred from s2n rfc9151")),
  elb("TLS13-1-2-RFC9151-FIPS-2023-07", "1.2", "1.3", ["fs", "fips"], "s2n", {
    unverified: "AES-256-GCM/ECDHE P-384 suite set inferred",
  }),
  elb("TLS13-1-2-Ext0-RFC9151-FIPS-2023-07", "1.2", "1.3", ["cbc", "fips"], "3p", {
    unverified: "RSA key transport per a third-party table; CBC absence inferred, taken as present",
  }),
  elb("TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07", "1.2", "1.3", ["fs", "fips"], "s2n", note("s2n 20251113")),
  elb("TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07", "1.2", "1.3", ["fs", "cbc", "fips"], "s2n", note("s2n 20251117")),
  elb("TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07", "1.2", "1.3", ["fs", "cbc", "sha1", "fips"], "s2n", {
    note: "s2n 20251114",
  }),
  elb("TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07", "1.2", "1.3", ["cbc", "sha1", "fips"], "s2n", {
    note: "s2n 20251115; RFC 9151 back-end policy",
  }),

  // CNSA 2.0 names seen only in s2n's selection table, not on any AWS page yet.
  elb("TLS13-1-3-CNSA2-INTEROP1-FIPS-PQ-2026-07", "1.3", "1.3", ["fs", "fips", "pq"], "s2n", {
    unverified: "provisional: s2n 20260720 only",
  }),
  elb("TLS13-1-2-CNSA2-INTEROP2-FIPS-PQ-2026-07", "1.2", "1.3", ["fs", "fips", "pq"], "s2n", {
    unverified: "provisional: s2n 20260721 only",
  }),
  elb("TLS13-1-2-CNSA2-INTEROP3-FIPS-PQ-2026-07", "1.2", "1.3", ["cbc", "sha1", "fips", "pq"], "s2n", {
    unverified: "provisional: s2n 20260722 only",
  }),
];

// Classic LB: no TLS 1.3 at all, so no predefined policy can be strong. A custom TLS 1.2 ECDHE-GCM-only
// policy would be acceptable, but custom policies have no name to list here.
const LEGACY_CLASSIC = "SSLv3/RC4 may be enabled; SSLv3 taken as the floor";
const ELB_CLASSIC: readonly Row[] = [
  elb("2016-08", "1.0", "1.2", ["cbc", "sha1"], "AWS-doc", note("default")),
  elb("TLS-1-2-2017-01", "1.2", "1.2", ["cbc"], "AWS-doc", note("best predefined Classic policy, still static RSA")),
  elb("TLS-1-1-2017-01", "1.1", "1.2", ["cbc", "sha1"], "AWS-doc"),
  // Same name as on ELBv2 but a different suite list: Classic adds 3DES.
  elb("2015-05", "1.0", "1.2", ["cbc", "sha1"], "AWS-doc", note("adds DES-CBC3-SHA on Classic")),
  elb("2015-03", "1.0", "1.2", ["cbc", "sha1"], "AWS-doc", note("DHE suites and 3DES")),
  elb("2015-02", "1.0", "1.2", ["cbc", "sha1"], "AWS-doc", note("DHE suites")),
  elb("2014-10", "SSLv3", "1.2", ["cbc", "sha1"], "AWS-doc", infer(LEGACY_CLASSIC)),
  elb("2014-01", "SSLv3", "1.2", ["cbc", "sha1"], "AWS-doc", infer(LEGACY_CLASSIC)),
  elb("2011-08", "SSLv3", "1.2", ["cbc", "sha1"], "AWS-doc", infer(LEGACY_CLASSIC)),
  row("ELBSample-ELBDefaultNegotiationPolicy", "SSLv3", "1.2", ["cbc", "sha1"], "AWS-doc", infer(LEGACY_CLASSIC)),
  row("ELBSample-OpenSSLDefaultNegotiationPolicy", "SSLv3", "1.2", ["cbc", "sha1"], "AWS-doc", infer(LEGACY_CLASSIC)),
  // Older spellings of the two sample policies, as listed by describe-load-balancer-policies in AWS CLI examples.
  row("ELBSample-ELBDefaultCipherPolicy", "SSLv3", "1.2", ["cbc", "sha1"], "AWS-doc", infer(LEGACY_CLASSIC)),
  row("ELBSample-OpenSSLDefaultCipherPolicy", "SSLv3", "1.2", ["cbc", "sha1"], "AWS-doc", infer(LEGACY_CLASSIC)),
];

// ---------------------------------------------------------------------------------------------------------------
// CloudFront viewer side. Every value allows TLS 1.3; the floor and the 1.2 suites differ. s2n also offers hybrid
// ML-KEM on 1.3 behind these values, but the customer cannot pick it and no-PQ twins exist, so PQ is not claimed.
// RC4 and 3DES in the old values are modelled as cbc + sha1.

const CF_VIEWER: readonly Row[] = [
  row("SSLv3", "SSLv3", "1.3", ["cbc", "sha1"], "model,AWS-doc,s2n", note("RC4-MD5, 3DES, static RSA")),
  row("TLSv1", "1.0", "1.3", ["cbc", "sha1"], "model,AWS-doc,s2n", note("forced by cloudfrontDefaultCertificate")),
  row("TLSv1_2016", "1.0", "1.3", ["cbc", "sha1"], "model,AWS-doc,s2n"),
  row("TLSv1.1_2016", "1.1", "1.3", ["cbc", "sha1"], "model,AWS-doc,s2n"),
  row("TLSv1.2_2018", "1.2", "1.3", ["cbc"], "model,AWS-doc,s2n", note("static-RSA AES suites")),
  row("TLSv1.2_2019", "1.2", "1.3", ["fs", "cbc"], "model,AWS-doc,s2n"),
  row("TLSv1.2_2021", "1.2", "1.3", ["fs"], "model,AWS-doc,s2n"),
  row("TLSv1.2_2025", "1.2", "1.3", ["fs", "fips"], "model,AWS-doc,s2n", note("FIPS twin of TLSv1.2_2021, no ChaCha")),
  row("TLSv1.3_2025", "1.3", "1.3", ["fs"], "model,AWS-doc,s2n"),
];

// CloudFront origin side: one row per originSslProtocols entry; a list rates as its worst entry, and
// originProtocolPolicy must be https-only on top. The API has no TLSv1.3 value.
const CF_ORIGIN: readonly Row[] = [
  row("SSLv3", "SSLv3", "SSLv3", ["cbc", "sha1"], "model,s2n"),
  row("TLSv1", "1.0", "1.0", ["cbc", "sha1"], "model,s2n"),
  row("TLSv1.1", "1.1", "1.1", ["cbc", "sha1"], "model,s2n"),
  // CloudFront as client still offers static RSA, CBC-SHA1, 3DES and RC4 even here. The origin picks the suite, so
  // the facts describe what a correctly configured origin can negotiate; that matches the reference's "acceptable".
  // Literal client-offer facts would say weak, which is the right call only if the origin itself is not checked.
  row("TLSv1.2", "1.2", "1.2", ["fs", "cbc"], "model,s2n", {
    note: "FS and no-SHA1 hold only if the origin server enforces them",
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// API Gateway custom domains (and REST APIs). Cipher lists of the enhanced policies were not readable; unknowns are
// filled with the worst value that stays inside the reference's verdict range (e.g. "strong/acceptable" ->
// acceptable: CBC assumed, SHA1 not).

const APIGATEWAY: readonly Row[] = [
  row("TLS_1_0", "1.0", "1.3", ["cbc", "sha1"], "model,AWS-doc", note("old default; includes DES-CBC3-SHA")),
  // The only non-1.0 choice for HTTP/WebSocket APIs, and still static RSA.
  row("TLS_1_2", "1.2", "1.3", ["cbc"], "model,AWS-doc"),
  apigw("TLS13_1_3_2025_09", "1.3", "1.3", ["fs"], "model,AWS-doc"),
  apigw("TLS13_1_3_FIPS_2025_09", "1.3", "1.3", ["fs", "fips"], "model,AWS-doc"),
  apigw("TLS13_1_2_PFS_PQ_2025_09", "1.2", "1.3", ["fs", "cbc", "pq"], "model", {
    unverified: "suites unread: FS from the name, CBC assumed, SHA1 absence inferred",
  }),
  apigw("TLS13_1_2_FIPS_PFS_PQ_2025_09", "1.2", "1.3", ["fs", "cbc", "fips", "pq"], "model", {
    unverified: "suites unread: FS from the name, CBC assumed, SHA1 absence inferred; missing from the API reference",
  }),
  apigw("TLS13_1_2_PQ_2025_09", "1.2", "1.3", ["cbc", "sha1", "pq"], "model", {
    unverified: "suites unread; no PFS in the name, so FS is not assumed",
  }),
  apigw("TLS13_1_2_FIPS_PQ_2025_09", "1.2", "1.3", ["cbc", "sha1", "fips", "pq"], "model", {
    unverified: "suites unread; no PFS in the name, so FS is not assumed",
  }),
  apigw("TLS13_1_2_2021_06", "1.2", "1.3", ["fs", "cbc"], "model", {
    unverified: "assumed to mirror ELBSecurityPolicy-TLS13-1-2-2021-06",
  }),
  apigw("TLS13_2025_EDGE", "1.3", "1.3", ["fs"], "model", infer("TLS 1.3-only floor inferred from the name")),
  apigw("TLS12_PFS_2025_EDGE", "1.2", "1.3", ["fs", "cbc"], "model", {
    unverified: "suites unread: FS from the name, CBC assumed, SHA1 absence assumed",
  }),
  apigw("TLS12_2018_EDGE", "1.2", "1.3", ["cbc"], "model", {
    unverified: "assumed to mirror CloudFront TLSv1.2_2018 (static RSA)",
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// OpenSearch / Elasticsearch. enforceHttps=true is a separate check.

const OPENSEARCH: readonly Row[] = [
  row("Policy-Min-TLS-1-0-2019-07", "1.0", "1.2", ["cbc", "sha1"], "model", {
    unverified: "suites not published; worst case taken",
  }),
  row("Policy-Min-TLS-1-2-2019-07", "1.2", "1.2", ["cbc", "sha1"], "model", {
    unverified: "suites not published; FS not guaranteed (a separate PFS policy exists)",
  }),
  row("Policy-Min-TLS-1-2-PFS-2023-10", "1.2", "1.3", ["fs"], "model", {
    note: "1.2 suite list not in the model; no-CBC follows the reference's strong verdict",
  }),
  row("Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08", "1.2", "1.3", ["fs", "fips"], "model", {
    unverified: "model text says TLS 1.3 only, the name says a 1.2 floor; the lower floor taken",
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Transfer Family. `verdict` rates the SFTP/SSH algorithms (see TlsPolicyEntry.ssh); TLS fields are the FTPS side.

const TRANSFER: readonly Row[] = [
  transfer("2025-03", ["pq"], "ecdhe", "AWS-doc,3p", note("recommended")),
  transfer("FIPS-2025-03", ["pq", "fips"], "ecdhe", "AWS-doc,3p"),
  transfer("SshAuditCompliant-2025-02", ["audit"], "ecdhe", "AWS-doc,3p"),
  transfer("AS2Restricted-2025-07", ["pq"], "ecdhe", "AWS-doc,3p", note("also drops 3DES/SHA1 for AS2")),
  transfer("2024-01", [], "ecdhe", "AWS-doc,3p", note("console/API default")),
  transfer("FIPS-2024-01", ["fips"], "ecdhe", "AWS-doc,3p"),
  transfer("FIPS-2024-05", ["fips"], "ecdhe", "AWS-doc,3p"),
  transfer("Restricted-2024-06", [], "ecdhe", "AWS-doc,3p", infer("SSH algorithm list not retrieved")),
  transfer("2023-05", [], "ecdhe", "AWS-doc,3p"),
  transfer("FIPS-2023-05", ["fips"], "ecdhe", "AWS-doc,3p"),
  transfer("2022-03", [], "ecdhe", "AWS-doc,3p"),
  transfer("2020-06", ["legacy"], "ecdhe", "AWS-doc,3p"),
  transfer("FIPS-2020-06", ["legacy", "fips"], "ecdhe", "AWS-doc,3p"),
  transfer("Restricted-2020-06", ["legacy"], "ecdhe", "AWS-doc,3p"),
  transfer("2018-11", ["sha1"], "rsa", "AWS-doc,3p", note("CloudFormation/Terraform/Pulumi default")),
  transfer("Restricted-2018-11", ["sha1"], "ecdhe", "AWS-doc,3p"),
  transfer("PQ-SSH-Experimental-2023-04", ["experimental", "pq"], "ecdhe", "AWS-doc,3p"),
  transfer("PQ-SSH-FIPS-Experimental-2023-04", ["experimental", "pq", "fips"], "ecdhe", "AWS-doc,3p"),
  connector("2023-07", ["sha1"], "none", "3p", note("SFTP connector")),
  connector("2024-03", [], "none", "3p", note("SFTP connector")),
  // The reference calls this one strong without naming what lifts it above 2024-03; with no fact to show for it,
  // it stays acceptable until its algorithm list is checked.
  connector("FIPS-2024-10", ["fips"], "none", "3p", {
    note: "SFTP connector; reference says strong, facts on hand support acceptable",
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// IoT Core domain configurations. Custom policies are not supported.

const IOT_TLS12_1_0 = "current table shows a 1.2 floor, the name says 1.0; 1.0 taken";
const IOT: readonly Row[] = [
  iot("TLS13_1_3_2022_10", "1.3", "1.3", ["fs"], "AWS-doc"),
  iot("TLS13_1_2_2022_10", "1.2", "1.3", ["cbc", "sha1"], "AWS-doc", note("default for new domain configurations")),
  iot("TLS12_1_2_2022_10", "1.2", "1.2", ["cbc", "sha1"], "AWS-doc"),
  iot("TLS12_1_0_2016_01", "1.0", "1.2", ["cbc", "sha1"], "AWS-doc", infer(IOT_TLS12_1_0)),
  iot("TLS12_1_0_2015_01", "1.0", "1.2", ["cbc", "sha1"], "AWS-doc", { unverified: IOT_TLS12_1_0, note: "adds DHE" }),
];

// ---------------------------------------------------------------------------------------------------------------
// DocumentDB `tls` cluster parameter. The docs give versions only; unknown suite facts take the worst value that
// the reference's verdict still allows.

const DOCDB: readonly Row[] = [
  row("enabled", "1.0", "1.3", ["cbc", "sha1"], "AWS-doc", {
    unverified: "suites not documented; worst case taken",
    note: "default: TLS required but 1.0 allowed",
  }),
  row("disabled", ...NO_TLS, "AWS-doc", note("plaintext")),
  row("tls1.2+", "1.2", "1.3", ["fs", "cbc"], "AWS-doc", {
    unverified: "suites not documented; FS-only assumed, CBC assumed",
  }),
  row("tls1.3+", "1.3", "1.3", ["fs"], "AWS-doc"),
  row("fips-140-3", "1.2", "1.3", ["fs", "cbc", "fips"], "AWS-doc", {
    unverified: "version range and suites not documented; CBC assumed",
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// ACM keyAlgorithm values. ACM-PCA-only values (ML_DSA_*, SM2) are left out: unknown means review.

const ACM_KEY: readonly Row[] = [
  acmKey("RSA_1024", "RSA", 1024, true),
  acmKey("RSA_2048", "RSA", 2048, false, note("ACM default")),
  acmKey("RSA_3072", "RSA", 3072, true),
  acmKey("RSA_4096", "RSA", 4096, true),
  acmKey("EC_prime256v1", "EC", 256, false),
  acmKey("EC_secp384r1", "EC", 384, false),
  acmKey("EC_secp521r1", "EC", 521, true, infer("not on the checklist and service support varies: review")),
];

// ---------------------------------------------------------------------------------------------------------------
// Assembly.

const ROWS: Readonly<Record<TlsService, readonly Row[]>> = {
  elbv2: ELBV2,
  "elb-classic": ELB_CLASSIC,
  "cloudfront-viewer": CF_VIEWER,
  "cloudfront-origin": CF_ORIGIN,
  apigateway: APIGATEWAY,
  opensearch: OPENSEARCH,
  transfer: TRANSFER,
  iot: IOT,
  documentdb: DOCDB,
  "acm-key": ACM_KEY,
};

function deriveVerdict(r: Row): TlsVerdict {
  if (r.key) return acmKeyVerdict(r.key);
  if (r.ssh) return sshVerdict(r.ssh);
  return tlsVerdict(r);
}

function buildEntries(service: TlsService, rows: readonly Row[]): readonly TlsPolicyEntry[] {
  const seen = new Set<string>();
  const entries = rows.map((r): TlsPolicyEntry => {
    // Fail at load time rather than let a bad row shadow another or invert its range.
    if (seen.has(r.name)) throw new Error(`tls-policies: duplicate ${service} name ${r.name}`);
    if (versionRank(r.minVersion) > versionRank(r.maxVersion)) throw new Error(`tls-policies: ${r.name} min > max`);
    seen.add(r.name);
    const entry: TlsPolicyEntry = { ...r, service, verdict: deriveVerdict(r) };
    if (r.ssh) entry.ssh = Object.freeze({ ...r.ssh });
    if (r.key) entry.key = Object.freeze({ ...r.key });
    return Object.freeze(entry);
  });
  return Object.freeze(entries);
}

const CATALOGUE = new Map<TlsService, readonly TlsPolicyEntry[]>();
const INDEX = new Map<TlsService, ReadonlyMap<string, TlsPolicyEntry>>();
for (const service of Object.keys(ROWS) as TlsService[]) {
  const entries = buildEntries(service, ROWS[service]);
  CATALOGUE.set(service, entries);
  INDEX.set(service, new Map(entries.map((e) => [e.name, e])));
}

const NONE: readonly TlsPolicyEntry[] = Object.freeze([]);

/** Exact-name lookup (case-sensitive, no prefix matching!). undefined for unknown names. */
export function lookupTlsPolicy(service: TlsService, name: string): TlsPolicyEntry | undefined {
  return INDEX.get(service)?.get(name);
}

/** All entries of a service (for reports). */
export function tlsPoliciesOf(service: TlsService): readonly TlsPolicyEntry[] {
  return CATALOGUE.get(service) ?? NONE;
}

/**
 * Values AWS (or the provider) applies when the property is unset. Services missing here have no documented default
 * in the reference; treat unset as unknown there.
 */
export const TLS_SERVICE_DEFAULTS: Readonly<Partial<Record<TlsService, string>>> = Object.freeze({
  // API/CLI/IaC default; the console picks a PQ policy, but Pulumi sends nothing and gets this.
  elbv2: "ELBSecurityPolicy-2016-08",
  "elb-classic": "ELBSecurityPolicy-2016-08",
  // The *.cloudfront.net certificate forces TLSv1 whatever minimumProtocolVersion says.
  "cloudfront-viewer": "TLSv1",
  // Old default for edge/regional domains; the newer alternative TLS_1_2 is weak too.
  apigateway: "TLS_1_0",
  // Provider/CloudFormation default; console and API default to TransferSecurityPolicy-2024-01.
  transfer: "TransferSecurityPolicy-2018-11",
  iot: "IoTSecurityPolicy_TLS13_1_2_2022_10",
  documentdb: "enabled",
  "acm-key": "RSA_2048",
});
