import type { WireObject } from "./wire";

/** Resource options the engine passes to analyzers (customTimeouts in seconds). */
export interface EngineResourceOptions {
  protect: boolean;
  ignoreChanges: string[];
  deleteBeforeReplace?: boolean;
  additionalSecretOutputs: string[];
  aliases: string[];
  customTimeouts: { create: number; update: number; delete: number };
}

/**
 * One resource of a deployment as the engine knows it: what a preview registers, what a
 * `pulumi stack export` holds and what the analyzer calls are built from.
 */
export interface EngineResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** "" when the resource has no id yet (preview) or is a component */
  id: string;
  /** "" for the root Stack and for default providers */
  parent: string;
  /** `<provider urn>::<provider id>`, "" for components and the Stack */
  provider: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  options: EngineResourceOptions;
  inputs: WireObject;
  outputs: WireObject;
  /** the SDK package version that registered it (names the default provider) */
  packageVersion?: string;
  /** registered through `.get()`: analyzed only by AnalyzeStack, as the engine does */
  read?: boolean;
}

export const STACK_TYPE = "pulumi:pulumi:Stack";
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

export function defaultOptions(): EngineResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    additionalSecretOutputs: [],
    aliases: [],
    customTimeouts: { create: 0, update: 0, delete: 0 },
  };
}

export function isProvider(r: { type: string }): boolean {
  return r.type.startsWith(PROVIDER_TYPE_PREFIX);
}

export function providerUrnOf(ref: string): string {
  const i = ref.lastIndexOf("::");
  return i < 0 ? ref : ref.slice(0, i);
}

/** Engine URN: the root Stack type is left out of a child's type chain. */
export function engineUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
  let qualifiedType = type;
  if (parentUrn) {
    const parentType = parentUrn.split("::")[2];
    if (parentType && parentType !== STACK_TYPE) qualifiedType = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}

/**
 * The engine registers a default provider (`pulumi:providers:<pkg>::default_<version>`) for each
 * package a custom resource uses without an explicit provider; the SDK never does, so a run under
 * mocks has to. Its inputs are the package's stack config plus `version`, and it is placed just
 * before its first user, where the engine would register it.
 */
export function withDefaultProviders(
  resources: EngineResource[],
  ctx: { stack: string; project: string; config: Record<string, string>; preview: boolean },
  unknownId: string,
): EngineResource[] {
  const out: EngineResource[] = [];
  const created = new Map<string, EngineResource>();
  for (const r of resources) {
    const pkg = r.type.split(":")[0];
    if (r.custom && !r.provider && pkg !== "pulumi" && !isProvider(r)) {
      const name = r.packageVersion ? `default_${r.packageVersion.replace(/[.\-+]/g, "_")}` : "default";
      const urn = `urn:pulumi:${ctx.stack}::${ctx.project}::${PROVIDER_TYPE_PREFIX}${pkg}::${name}`;
      let provider = created.get(urn);
      if (!provider) {
        const inputs: WireObject = {};
        for (const [k, v] of Object.entries(ctx.config))
          if (k.startsWith(`${pkg}:`)) inputs[k.slice(pkg.length + 1)] = v;
        if (r.packageVersion) inputs.version = r.packageVersion;
        provider = {
          urn,
          type: `${PROVIDER_TYPE_PREFIX}${pkg}`,
          name,
          custom: true,
          id: ctx.preview ? unknownId : `${name}-offline`,
          parent: "",
          provider: "",
          dependencies: [],
          propertyDependencies: {},
          options: defaultOptions(),
          inputs,
          outputs: inputs,
          packageVersion: r.packageVersion,
        };
        created.set(urn, provider);
        out.push(provider);
      }
      out.push({ ...r, provider: `${urn}::${provider.id}` });
      continue;
    }
    if (isProvider(r) && r.packageVersion && r.inputs.version === undefined) {
      // the engine adds the plugin version to explicit providers' inputs too
      const inputs = { ...r.inputs, version: r.packageVersion };
      out.push({ ...r, inputs, outputs: { ...r.outputs, version: r.packageVersion } });
      continue;
    }
    out.push(r);
  }
  return out;
}
