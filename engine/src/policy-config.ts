/**
 * The engine's ReconcilePolicyPackConfig: each policy starts from its declared level and its
 * schema defaults, then the pack's initialConfig applies, then the --policy-pack-config file
 * (`all`, a bare level string, or `{enforcementLevel, ...properties}`); the result is validated
 * against each policy's configSchema and sent for every policy.
 */
import * as fs from "fs";
import Ajv from "ajv";
import type { AnalyzerInfo, EnforcementLevel } from "./analyzer-client";
import { errorMessage, inputError, UserError } from "./errors";

export type PolicyConfigFile = Record<string, unknown>;
export type ReconciledConfig = Record<
  string,
  { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
>;

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export function readPolicyConfigFile(file: string): PolicyConfigFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw inputError(
      file,
      undefined,
      `cannot read policy pack config: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw inputError(file, undefined, `not valid JSON: ${errorMessage(e)}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw inputError(file, undefined, "a policy pack config is a JSON object keyed by policy name");
  }
  return doc as PolicyConfigFile;
}

function parseLevel(source: string, field: string, v: unknown): EnforcementLevel | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string" && (LEVELS as string[]).includes(v)) return v as EnforcementLevel;
  throw inputError(source, field, `enforcement level must be one of ${LEVELS.join(", ")}, not ${JSON.stringify(v)}`);
}

export function reconcilePolicyConfig(
  info: AnalyzerInfo,
  user: PolicyConfigFile = {},
  source = "policy config",
): ReconciledConfig {
  const result: ReconciledConfig = {};
  const known = new Set(info.policies.map((p) => p.name));
  for (const p of info.policies) {
    const defaults: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
      const d = (s as { default?: unknown } | null)?.default;
      if (d !== undefined) defaults[k] = d;
    }
    result[p.name] = { enforcementLevel: p.enforcementLevel, properties: defaults };
  }
  const apply = (cfg: Record<string, unknown>, origin: string) => {
    for (const [name, value] of Object.entries(cfg)) {
      if (name !== "all" && !known.has(name)) {
        throw inputError(origin, name, `no such policy in pack ${info.name} (policies: ${[...known].join(", ")})`);
      }
      let level: EnforcementLevel | undefined;
      let props: Record<string, unknown> = {};
      if (typeof value === "string") {
        level = parseLevel(origin, name, value);
      } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        const { enforcementLevel, properties, ...rest } = value as Record<string, unknown>;
        level = parseLevel(origin, `${name}.enforcementLevel`, enforcementLevel);
        props = { ...((properties as Record<string, unknown>) ?? {}), ...rest };
      } else {
        throw inputError(origin, name, "expected an enforcement level string or an object");
      }
      if (name === "all") {
        if (Object.keys(props).length) throw inputError(origin, "all", "only takes an enforcement level");
        for (const k of Object.keys(result)) if (level) result[k].enforcementLevel = level;
        continue;
      }
      result[name] = {
        enforcementLevel: level ?? result[name].enforcementLevel,
        properties: { ...result[name].properties, ...props },
      };
    }
  };
  const initial: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(info.initialConfig))
    initial[k] = { ...v.properties, enforcementLevel: v.enforcementLevel };
  apply(initial, `policy pack ${info.name} initialConfig`);
  apply(user, source);
  validate(info, result, source);
  return result;
}

function validate(info: AnalyzerInfo, config: ReconciledConfig, source: string): void {
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const p of info.policies) {
    if (!p.configSchema) {
      if (Object.keys(config[p.name].properties).length) {
        throw inputError(source, p.name, "this policy takes no configuration properties");
      }
      continue;
    }
    const schema = {
      type: "object",
      properties: p.configSchema.properties,
      required: p.configSchema.required,
      additionalProperties: false, // a misspelt key must not silently fall back to a default
    };
    const check = ajv.compile(schema);
    if (!check(config[p.name].properties)) {
      const why = (check.errors ?? [])
        .map(
          (e) =>
            `${e.instancePath || "(properties)"} ${e.message}${e.params && "additionalProperty" in e.params ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : ""}`,
        )
        .join("; ");
      throw new UserError(`${source}: ${p.name}: invalid configuration: ${why}`);
    }
  }
}
