import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { inputError, UserError, errorMessage } from "./errors";

export interface PulumiProject {
  name: string;
  dir: string;
  file: string;
  description?: string;
  runtime: string;
  stackConfigDir: string;
  /** `namespace:key` -> the value Pulumi.yaml's `config:` gives it (`value` or `default`) */
  configDefaults: Record<string, string>;
}

export interface StackConfig {
  /** `namespace:key` -> value as the language host passes it (objects JSON-encoded) */
  config: Record<string, string>;
  /** keys whose values are secrets (`secure:` in the file) */
  secretKeys: string[];
  file: string;
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw inputError(file, undefined, `cannot read: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`);
  }
  try {
    return parseYaml(text);
  } catch (e) {
    throw inputError(file, undefined, `not valid YAML: ${errorMessage(e).split("\n")[0]}`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function loadProject(dir: string): PulumiProject {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!file) throw new UserError(`${path.join(dir, "Pulumi.yaml")}: no Pulumi project here (use --cwd DIR)`);
  const doc = readYaml(file);
  if (!isRecord(doc)) throw inputError(file, undefined, "expected a mapping");
  if (typeof doc.name !== "string" || doc.name === "") throw inputError(file, "name", "required string");
  const runtime = isRecord(doc.runtime) ? doc.runtime.name : doc.runtime;
  if (runtime !== "nodejs")
    throw inputError(file, "runtime", `ephi-guard runs nodejs programs, not ${JSON.stringify(runtime)}`);
  const stackConfigDir = doc.stackConfigDir ?? ".";
  if (typeof stackConfigDir !== "string") throw inputError(file, "stackConfigDir", "must be a string");
  return {
    name: doc.name,
    dir,
    file,
    configDefaults: projectConfigDefaults(file, doc.name, doc.config),
    description: typeof doc.description === "string" ? doc.description : undefined,
    runtime,
    stackConfigDir: path.resolve(dir, stackConfigDir),
  };
}

const configValue = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** Project-level config applies to every stack that does not set the key itself, as in the CLI. */
function projectConfigDefaults(file: string, project: string, raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw inputError(file, "config", "expected a mapping of keys to values or declarations");
  const out: Record<string, string> = {};
  for (const [key, decl] of Object.entries(raw)) {
    const full = key.includes(":") ? key : `${project}:${key}`;
    if (isRecord(decl) && ("value" in decl || "default" in decl || "type" in decl || "description" in decl)) {
      const v = "value" in decl ? decl.value : decl.default;
      if (v !== undefined && v !== null) out[full] = configValue(v);
    } else if (decl !== null && decl !== undefined) {
      out[full] = configValue(decl);
    }
  }
  return out;
}

export function stackConfigFile(project: PulumiProject, stack: string): string {
  return path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
}

export function listStacks(project: PulumiProject): string[] {
  if (!fs.existsSync(project.stackConfigDir)) return [];
  return fs
    .readdirSync(project.stackConfigDir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => !!s)
    .sort();
}

/** Stack config with the project name as the default namespace, as `pulumi config` reads it. */
export function loadStackConfig(project: PulumiProject, stack: string): StackConfig {
  const file = stackConfigFile(project, stack);
  if (!fs.existsSync(file)) {
    const known = listStacks(project);
    throw new UserError(
      `${file}: no such stack config for stack '${stack}'` +
        (known.length ? ` (stacks here: ${known.join(", ")})` : ""),
    );
  }
  const doc = readYaml(file) ?? {};
  if (!isRecord(doc)) throw inputError(file, undefined, "expected a mapping");
  const raw = doc.config ?? {};
  if (!isRecord(raw)) throw inputError(file, "config", "expected a mapping of keys to values");
  const config: Record<string, string> = { ...project.configDefaults };
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const full = key.includes(":") ? key : `${project.name}:${key}`;
    if (isRecord(value) && "secure" in value) {
      // ciphertext needs the stack's secrets provider, which an offline run does not have
      config[full] = "[secret]";
      secretKeys.push(full);
    } else if (value === null || value === undefined) {
      throw inputError(file, `config.${key}`, "has no value");
    } else {
      config[full] = configValue(value);
    }
  }
  return { config, secretKeys, file };
}
