/**
 * How every in-transit rule applies the TLS catalogue: one floor, one wording. A rule names the setting it read
 * (service, field, value); this module says whether it fails and why, and what the advisory rule recommends.
 */
import type { PolicyConfigSchema, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import type { Props } from "./values";
import {
  lookupTlsPolicy,
  tlsPoliciesOf,
  TLS_SERVICE_DEFAULTS,
  TlsPolicyEntry,
  TlsService,
  TlsVerdict,
  tlsVerdict,
  verdictRank,
} from "../catalog/tls-policies";

export type TlsFloor = "acceptable" | "strong";

/** configSchema of every rule that rates a catalogue name; the engine validates pack config against it. */
export const TLS_FLOOR_SCHEMA: PolicyConfigSchema = {
  properties: {
    tlsFloor: {
      type: "string",
      enum: ["acceptable", "strong"],
      default: "acceptable",
      description: "acceptable: weak settings fail; strong: acceptable (TLS 1.2 with CBC, no TLS 1.3) fails too.",
    },
  },
};

/** The configured floor; getConfig() is {} without pack config (unit harness, old engines), so default here too. */
export function tlsFloorOf(args: ResourceValidationArgs | StackValidationArgs): TlsFloor {
  return args.getConfig<{ tlsFloor?: TlsFloor }>().tlsFloor === "strong" ? "strong" : "acceptable";
}

export function passesFloor(verdict: TlsVerdict, floor: TlsFloor): boolean {
  return verdictRank(verdict) >= verdictRank(floor);
}

/** One catalogue-named setting of a resource, as a rule read it. `value` undefined means the property is unset. */
export interface TlsSetting {
  service: TlsService;
  /** property path as the user writes it, e.g. "viewerCertificate.minimumProtocolVersion" */
  field: string;
  value: string | undefined;
  /** what to set instead */
  recommend: string;
  /** Transfer Family only: rate the FTPS (TLS) side of the policy instead of its SFTP side. */
  facet?: "ftps";
}

/** The verdict a setting is judged by: the row's own, or for the FTPS facet the TLS facts of the row. */
function verdictOf(entry: TlsPolicyEntry, facet: TlsSetting["facet"]): TlsVerdict {
  return facet === "ftps" ? tlsVerdict(entry) : entry.verdict;
}

/**
 * A strong floor where no catalogued value is strong (CloudFront origins, FTPS) would forbid the service outright;
 * there the floor stops at the best value AWS offers, and the advisory keeps saying it is not strong.
 */
function effectiveFloor(s: TlsSetting, floor: TlsFloor): TlsFloor {
  if (floor === "acceptable") return floor;
  const best = Math.max(...tlsPoliciesOf(s.service).map((e) => verdictRank(verdictOf(e, s.facet))));
  return best >= verdictRank("strong") ? "strong" : "acceptable";
}

export function describeTlsPolicy(p: TlsPolicyEntry, verdict: TlsVerdict = p.verdict): string {
  const facts = p.key
    ? [`${p.key.family} ${p.key.bits}-bit key${p.key.importOnly ? ", import only" : ""}`]
    : [
        `TLS ${p.minVersion}-${p.maxVersion}`,
        p.forwardSecrecyOnly ? "forward secrecy only" : "suites without forward secrecy",
        ...(p.sha1 ? ["SHA1 suites"] : []),
        ...(p.cbc ? ["CBC suites"] : []),
      ];
  return `${p.name} is ${verdict} (${facts.join(", ")}${p.unverified ? `; unverified: ${p.unverified}` : ""})`;
}

/** The entry a setting resolves to: its own name, or the AWS default when unset. */
function resolve(s: TlsSetting): { entry?: TlsPolicyEntry; name?: string; defaulted: boolean } {
  const name = s.value ?? TLS_SERVICE_DEFAULTS[s.service];
  return {
    entry: name === undefined ? undefined : lookupTlsPolicy(s.service, name),
    name,
    defaulted: s.value === undefined,
  };
}

/** Why a setting fails the floor, or undefined when it passes. Unknown names fail: the catalogue is an allow-list. */
export function tlsSettingProblem(s: TlsSetting, floor: TlsFloor): string | undefined {
  const { entry, name, defaulted } = resolve(s);
  if (name === undefined) return `${s.field} is not set and AWS documents no safe default; set ${s.recommend}`;
  if (!entry) {
    return (
      `${s.field} ${JSON.stringify(name)} is not in ephi-guard's TLS catalogue (${s.service}); verify its protocols ` +
      `and ciphers with AWS and add the name to policies/src/catalog/tls-policies.ts, or use ${s.recommend}`
    );
  }
  const verdict = verdictOf(entry, s.facet);
  if (passesFloor(verdict, effectiveFloor(s, floor))) return undefined;
  const described = describeTlsPolicy(entry, verdict);
  const prefix = defaulted ? `${s.field} is not set, so AWS applies ${described}` : `${s.field} ${described}`;
  return `${prefix}; the floor is ${floor}: use ${s.recommend}`;
}

/** The advisory for a setting that passes as acceptable but is not strong; undefined otherwise. */
export function tlsSettingAdvice(s: TlsSetting): string | undefined {
  const { entry } = resolve(s);
  if (!entry || verdictOf(entry, s.facet) !== "acceptable") return undefined;
  return `${s.field} ${describeTlsPolicy(entry, "acceptable")}: it passes the default floor, but prefer ${s.recommend} (TLS 1.3, AEAD-only TLS 1.2 suites)`;
}

/**
 * Where a rule finds catalogue-named settings on one resource type. The rule applies the floor to them; the
 * `tls-prefer-strong` advisory reads the same sources, so both always look at the same properties.
 */
export interface TlsSettingSource {
  types: readonly string[];
  settings: (props: Props) => TlsSetting[];
}

/** Reports each setting that fails the floor, prefixed with where it sits (e.g. "HTTPS listener on port 443"). */
export function reportTlsSettings(
  settings: TlsSetting[],
  floor: TlsFloor,
  report: (message: string) => void,
  where = "",
): void {
  for (const s of settings) {
    const problem = tlsSettingProblem(s, floor);
    if (problem) report(where ? `${where}: ${problem}` : problem);
  }
}

/** A setting's value as a catalogue name: unset stays undefined, a wrong shape becomes a name no catalogue holds. */
export function settingName(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" ? v : JSON.stringify(v);
}
