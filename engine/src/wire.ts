/**
 * Property values as the Pulumi engine sends them to analyzers: plain JSON plus the special
 * signature objects and unknown sentinels of @pulumi/pulumi's runtime/rpc.
 */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** The string sentinel the Node SDK and the engine use for a value unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };
export type WireObject = { [key: string]: WireValue };

export function isWireObject(v: unknown): v is WireObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function secret(value: WireValue): WireObject {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * Flattens SDK wire values into what analyzers receive (the engine marshals with KeepUnknowns,
 * KeepSecrets and SkipInternalKeys): a resource reference becomes its id (or its URN when it has
 * no id), an output value becomes its plain, secret or unknown value, and top-level `__` keys go.
 */
export function toAnalyzerWire(value: unknown, topLevel = true): WireValue {
  if (value === undefined) return null;
  if (value === null || typeof value !== "object") return value as WireValue;
  if (Array.isArray(value)) return value.map((e) => toAnalyzerWire(e, false));
  const obj = value as Record<string, unknown>;
  const sig = obj[SIG_KEY];
  if (sig === RESOURCE_SIG) {
    return typeof obj.id === "string" && obj.id !== "" ? obj.id : String(obj.urn ?? UNKNOWN);
  }
  if (sig === OUTPUT_SIG) {
    const inner = "value" in obj ? toAnalyzerWire(obj.value, false) : UNKNOWN;
    return obj.secret ? secret(inner) : inner;
  }
  const out: WireObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (topLevel && k.startsWith("__")) continue;
    if (v === undefined) continue;
    out[k] = toAnalyzerWire(v, false);
  }
  return out;
}
