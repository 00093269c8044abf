/**
 * Reads and writes deployments: `pulumi stack export` (deployment version 3) and
 * `pulumi preview --json` documents, converted to and from EngineResources.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import { errorMessage, inputError, UserError } from "./errors";
import { defaultOptions, EngineResource, EngineResourceOptions, isProvider, STACK_TYPE } from "./resources";
import { isWireObject, SECRET_SIG, SIG_KEY, UNKNOWN, WireObject, WireValue } from "./wire";

export const DEPLOYMENT_VERSION = 3;
/** Larger files are refused before parsing: a state file of this size is not a clinic stack. */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
const REDACTED = "[redacted by ephi-guard: export with --show-secrets to keep secret values]";

/** State files keep secrets as `{sig, plaintext: <JSON text>}` or `{sig, ciphertext}`. */
function secretsToState(v: WireValue, showSecrets: boolean): WireValue {
  if (Array.isArray(v)) return v.map((e) => secretsToState(e, showSecrets));
  if (!isWireObject(v)) return v;
  if (v[SIG_KEY] === SECRET_SIG) {
    return showSecrets
      ? { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(v.value) }
      : { [SIG_KEY]: SECRET_SIG, ciphertext: REDACTED };
  }
  return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, secretsToState(e, showSecrets)]));
}

function secretsFromState(v: WireValue): WireValue {
  if (Array.isArray(v)) return v.map(secretsFromState);
  if (!isWireObject(v)) return v;
  if (v[SIG_KEY] === SECRET_SIG && !("value" in v)) {
    let value: WireValue = UNKNOWN; // ciphertext cannot be decrypted offline
    if (typeof v.plaintext === "string") {
      try {
        value = JSON.parse(v.plaintext);
      } catch {
        value = v.plaintext;
      }
    }
    return { [SIG_KEY]: SECRET_SIG, value: secretsFromState(value) };
  }
  return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, secretsFromState(e)]));
}

export function toDeployment(resources: EngineResource[], toolVersion: string, showSecrets: boolean): object {
  const version = `ephi-guard ${toolVersion}`;
  return {
    version: DEPLOYMENT_VERSION,
    deployment: {
      manifest: { time: new Date().toISOString(), magic: createHash("sha256").update(version).digest("hex"), version },
      resources: resources.map((r) => {
        const out: Record<string, unknown> = {
          urn: r.urn,
          custom: r.custom,
          ...(r.id ? { id: r.id } : {}),
          type: r.type,
          inputs: secretsToState(r.inputs, showSecrets),
          outputs: secretsToState(r.outputs, showSecrets),
        };
        if (r.parent) out.parent = r.parent;
        if (r.provider) out.provider = r.provider;
        if (r.read) out.external = true;
        if (r.options.protect) out.protect = true;
        if (r.dependencies.length) out.dependencies = r.dependencies;
        const pd = Object.entries(r.propertyDependencies).filter(([, u]) => u.length);
        if (pd.length) out.propertyDependencies = Object.fromEntries(pd);
        if (r.options.aliases.length) out.aliases = r.options.aliases;
        if (r.options.ignoreChanges.length) out.ignoreChanges = r.options.ignoreChanges;
        if (r.options.additionalSecretOutputs.length) out.additionalSecretOutputs = r.options.additionalSecretOutputs;
        if (r.options.deleteBeforeReplace !== undefined) out.deleteBeforeReplace = r.options.deleteBeforeReplace;
        const ct = r.options.customTimeouts;
        if (ct.create || ct.update || ct.delete) out.customTimeouts = ct;
        if (r.packageVersion && isProvider(r)) out.inputs = { ...(out.inputs as object), version: r.packageVersion };
        return out;
      }),
    },
  };
}

export interface LoadedDeployment {
  kind: "stack-export" | "preview-json";
  resources: EngineResource[];
  project: string;
  stack: string;
}

function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } | undefined {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) return undefined;
  const qualified = parts[2];
  return {
    stack: parts[0].slice("urn:pulumi:".length),
    project: parts[1],
    type: qualified.split("$").pop()!,
    name: parts.slice(3).join("::"),
  };
}

function stringList(file: string, field: string, v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((e) => typeof e !== "string"))
    throw inputError(file, field, "expected a list of strings");
  return v as string[];
}

function wireObject(file: string, field: string, v: unknown): WireObject {
  if (v === undefined || v === null) return {};
  if (!isWireObject(v)) throw inputError(file, field, "expected an object");
  return secretsFromState(v) as WireObject;
}

function resourceFromState(file: string, field: string, raw: unknown): EngineResource {
  if (!isWireObject(raw)) throw inputError(file, field, "expected a resource object");
  if (typeof raw.urn !== "string") throw inputError(file, `${field}.urn`, "required string");
  const urn = parseUrn(raw.urn);
  if (!urn) throw inputError(file, `${field}.urn`, `not a Pulumi URN: ${JSON.stringify(raw.urn.slice(0, 200))}`);
  if (typeof raw.type !== "string" || raw.type === "") throw inputError(file, `${field}.type`, "required string");
  const pd: Record<string, string[]> = {};
  if (raw.propertyDependencies !== undefined && raw.propertyDependencies !== null) {
    if (!isWireObject(raw.propertyDependencies))
      throw inputError(file, `${field}.propertyDependencies`, "expected an object");
    for (const [k, v] of Object.entries(raw.propertyDependencies))
      pd[k] = stringList(file, `${field}.propertyDependencies.${k}`, v);
  }
  const options: EngineResourceOptions = defaultOptions();
  options.protect = raw.protect === true;
  options.aliases = stringList(file, `${field}.aliases`, raw.aliases);
  options.ignoreChanges = stringList(file, `${field}.ignoreChanges`, raw.ignoreChanges);
  options.additionalSecretOutputs = stringList(file, `${field}.additionalSecretOutputs`, raw.additionalSecretOutputs);
  if (typeof raw.deleteBeforeReplace === "boolean") options.deleteBeforeReplace = raw.deleteBeforeReplace;
  if (isWireObject(raw.customTimeouts)) {
    const n = (x: unknown) => (typeof x === "number" ? x : 0);
    options.customTimeouts = {
      create: n(raw.customTimeouts.create),
      update: n(raw.customTimeouts.update),
      delete: n(raw.customTimeouts.delete),
    };
  }
  const str = (k: string) => {
    const v = raw[k];
    if (v === undefined || v === null) return "";
    if (typeof v !== "string") throw inputError(file, `${field}.${k}`, "expected a string");
    return v;
  };
  return {
    urn: raw.urn,
    type: raw.type,
    name: urn.name,
    custom: raw.custom === true,
    id: str("id"),
    parent: str("parent"),
    provider: str("provider"),
    dependencies: stringList(file, `${field}.dependencies`, raw.dependencies),
    propertyDependencies: pd,
    options,
    inputs: wireObject(file, `${field}.inputs`, raw.inputs),
    outputs: wireObject(file, `${field}.outputs`, raw.outputs),
    ...(raw.external === true ? { read: true } : {}),
  };
}

/** Loads a `pulumi stack export` (v3) or `pulumi preview --json` file. */
export function loadDeploymentFile(file: string): LoadedDeployment {
  let size: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw inputError(file, undefined, "not a regular file");
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw inputError(file, undefined, `cannot read: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`);
  }
  if (size > MAX_DOCUMENT_BYTES)
    throw inputError(file, undefined, `${size} bytes is larger than the ${MAX_DOCUMENT_BYTES}-byte limit`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw inputError(file, undefined, `cannot read: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw inputError(
      file,
      undefined,
      `not valid JSON (${errorMessage(e)}); expected \`pulumi stack export\` or \`pulumi preview --json\` output`,
    );
  }
  return fromDocument(file, doc);
}

export function fromDocument(file: string, doc: unknown): LoadedDeployment {
  if (!isWireObject(doc)) throw inputError(file, undefined, "expected a JSON object");
  let kind: LoadedDeployment["kind"];
  let resources: EngineResource[];
  if ("deployment" in doc) {
    if (doc.version !== DEPLOYMENT_VERSION) {
      throw inputError(
        file,
        "version",
        `deployment version ${JSON.stringify(doc.version)} is not supported (expected ${DEPLOYMENT_VERSION})`,
      );
    }
    if (!isWireObject(doc.deployment)) throw inputError(file, "deployment", "expected an object");
    const list = doc.deployment.resources ?? [];
    if (!Array.isArray(list)) throw inputError(file, "deployment.resources", "expected a list");
    kind = "stack-export";
    resources = list
      .map((r, i) => resourceFromState(file, `deployment.resources[${i}]`, r))
      .filter((_, i) => !(isWireObject(list[i]) && (list[i] as WireObject).delete === true)); // pending deletes are not in the new state
  } else if (Array.isArray(doc.steps)) {
    kind = "preview-json";
    resources = [];
    doc.steps.forEach((s, i) => {
      if (!isWireObject(s)) throw inputError(file, `steps[${i}]`, "expected an object");
      if (["delete", "discard", "delete-replaced", "read-discard", "remove-pending-replace"].includes(String(s.op)))
        return;
      if (s.newState === undefined || s.newState === null) return;
      const r = resourceFromState(file, `steps[${i}].newState`, s.newState);
      // a planned create may carry no outputs; what the engine analyzes for it then are the inputs
      if (Object.keys(r.outputs).length === 0) r.outputs = r.inputs;
      resources.push(r);
    });
  } else {
    throw inputError(
      file,
      undefined,
      "neither a `pulumi stack export` (version, deployment) nor a `pulumi preview --json` (steps) document",
    );
  }
  const root = resources.find((r) => r.type === STACK_TYPE) ?? resources[0];
  const urn = root ? parseUrn(root.urn) : undefined;
  return { kind, resources, project: urn?.project ?? "", stack: urn?.stack ?? "" };
}
