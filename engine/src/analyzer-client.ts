/**
 * Plays the Pulumi engine towards a real @pulumi/policy pack: starts the pack the way the CLI
 * does (`node <@pulumi/pulumi/cmd/run-policy-pack> <engine address> .` in the pack folder, port
 * on the first stdout line) and speaks the pulumirpc.Analyzer protocol to it.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginepb from "@pulumi/pulumi/proto/engine_pb";
import { inputError, UserError } from "./errors";
import type { EngineResourceOptions } from "./resources";
import type { WireObject } from "./wire";

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
const LEVEL_NAMES: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];
const SEVERITY_NAMES = ["", "low", "medium", "high", "critical"];

export interface PolicyInfo {
  name: string;
  displayName: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  policyType: "resource" | "stack" | "unknown";
  severity: string;
  tags: string[];
  framework?: { name: string; version: string; reference: string; specification: string };
  remediationSteps: string;
  url: string;
  configSchema?: { properties: Record<string, unknown>; required: string[] };
}

export interface AnalyzerInfo {
  name: string;
  version: string;
  supportsConfig: boolean;
  policies: PolicyInfo[];
  initialConfig: Record<string, { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }>;
}

export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  urn: string;
  severity: string;
}

export interface AnalyzerResponse {
  diagnostics: Diagnostic[];
  notApplicable: { policyName: string; reason: string }[];
}

/** What an Analyze / AnalyzeStack request carries for one resource. */
export interface AnalyzerResourceView {
  urn: string;
  type: string;
  name: string;
  properties: WireObject;
  options: EngineResourceOptions;
  parent: string;
  provider?: { urn: string; type: string; name: string; properties: WireObject };
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

export interface StackContext {
  project: string;
  stack: string;
  organization: string;
  dryRun: boolean;
  config: Record<string, string>;
  secretKeys: string[];
  tags: Record<string, string>;
}

export interface PackLine {
  stream: "stdout" | "stderr";
  line: string;
}

/** How long a pack may take to print its port; EPHI_GUARD_PACK_START_TIMEOUT_MS overrides it. */
const PACK_START_TIMEOUT_MS = Number(process.env.EPHI_GUARD_PACK_START_TIMEOUT_MS) || 60_000;
/** AnalyzeStack of tens of thousands of resources takes minutes (the SDK deserializes the stack per policy). */
const RPC_TIMEOUT_MS = 60 * 60_000;
const MAX_MESSAGE = 400 * 1024 * 1024; // the pack's own receive limit

function unary<Req, Resp>(client: grpc.Client, method: string, req: Req): Promise<Resp> {
  return new Promise((resolve, reject) => {
    type UnaryCall = (
      req: Req,
      opts: grpc.CallOptions,
      cb: (err: grpc.ServiceError | null, resp: Resp) => void,
    ) => void;
    const fn = (client as unknown as Record<string, UnaryCall>)[method].bind(client);
    fn(req, { deadline: Date.now() + RPC_TIMEOUT_MS }, (err: grpc.ServiceError | null, resp: Resp) =>
      err ? reject(err) : resolve(resp),
    );
  });
}

/** Checks the folder is a Node.js policy pack the CLI could start, with a clear reason if not. */
export function checkPolicyPackDir(packDir: string): void {
  const yamlFile = path.join(packDir, "PulumiPolicy.yaml");
  if (!fs.existsSync(packDir)) throw new UserError(`${packDir}: policy pack folder does not exist`);
  if (!fs.existsSync(yamlFile)) throw new UserError(`${yamlFile}: not found: '${packDir}' is not a policy pack`);
  const text = fs.readFileSync(yamlFile, "utf8");
  if (!/^runtime:\s*(nodejs|\{?\s*name:\s*nodejs)/m.test(text) && !/^\s+name:\s*nodejs/m.test(text)) {
    throw inputError(yamlFile, "runtime", "must be nodejs");
  }
  const pkgFile = path.join(packDir, "package.json");
  if (!fs.existsSync(pkgFile))
    throw new UserError(`${pkgFile}: not found (the pack needs a package.json with a version)`);
  let pkg: { version?: unknown; main?: unknown };
  try {
    pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
  } catch {
    throw inputError(pkgFile, undefined, "not valid JSON");
  }
  if (typeof pkg.version !== "string") throw inputError(pkgFile, "version", "required: @pulumi/policy reads it");
  const main = path.join(packDir, typeof pkg.main === "string" ? pkg.main : "index.js");
  if (!fs.existsSync(main) && !fs.existsSync(path.join(packDir, "index.ts"))) {
    throw inputError(
      pkgFile,
      "main",
      `${path.relative(process.cwd(), main) || main} does not exist (run npm run build)`,
    );
  }
}

function startEngineServer(): Promise<{ server: grpc.Server; address: string }> {
  const server = new grpc.Server();
  const empty = () => new Empty();
  server.addService(enginerpc.EngineService, {
    log: (_call: unknown, cb: grpc.sendUnaryData<Empty>) => cb(null, empty()),
    getRootResource: (_c: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, new enginepb.GetRootResourceResponse()),
    setRootResource: (_c: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, new enginepb.SetRootResourceResponse()),
    requirePulumiVersion: (_c: unknown, cb: grpc.sendUnaryData<unknown>) =>
      cb(null, new enginepb.RequirePulumiVersionResponse()),
    startDebugging: (_c: unknown, cb: grpc.sendUnaryData<Empty>) => cb(null, empty()),
  } as unknown as grpc.UntypedServiceImplementation);
  return new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve({ server, address: `127.0.0.1:${port}` }),
    ),
  );
}

/** The pack's stderr reduced to what a user can act on: error lines, no stack frames. */
function summarizeStderr(lines: PackLine[]): string {
  const text = lines
    .filter((l) => l.stream === "stderr")
    .map((l) => l.line)
    .filter((l) => l.trim() !== "" && !/^\s+at /.test(l) && !/^\s*\^+\s*$/.test(l) && !/^Node\.js v/.test(l));
  return text.slice(0, 8).join("\n");
}

export class PolicyPackProcess {
  readonly output: PackLine[] = [];
  spawnToPortMs = 0;
  private exited = false;

  private constructor(
    readonly packDir: string,
    private readonly child: ChildProcess,
    private readonly engine: grpc.Server,
    private client?: analyzerrpc.AnalyzerClient,
  ) {
    child.on("exit", () => (this.exited = true));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts the pack exactly as `pulumi preview --policy-pack DIR` does; kills it on any failure. */
  static async start(packDir: string, ctx: StackContext, onLine?: (l: PackLine) => void): Promise<PolicyPackProcess> {
    checkPolicyPackDir(packDir);
    let runPolicyPack: string;
    try {
      runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    } catch {
      throw new UserError(`${packDir}: @pulumi/pulumi is not installed for this pack (run npm ci)`);
    }
    const engine = await startEngineServer();
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.PULUMI_NODEJS_ENGINE; // the CLI does not wire the pack's log calls to the engine
    Object.assign(env, {
      PULUMI_CONFIG: JSON.stringify(ctx.config),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(ctx.secretKeys),
      PULUMI_NODEJS_PROJECT: ctx.project,
      PULUMI_NODEJS_STACK: ctx.stack,
      PULUMI_NODEJS_ORGANIZATION: ctx.organization,
      PULUMI_NODEJS_DRY_RUN: String(ctx.dryRun),
      PULUMI_PROJECT: ctx.project,
      PULUMI_STACK: ctx.stack,
      PULUMI_ORGANIZATION: ctx.organization,
      PULUMI_DRY_RUN: String(ctx.dryRun),
    });
    const t0 = performance.now();
    const child = spawn(process.execPath, [runPolicyPack, engine.address, "."], {
      cwd: packDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const pack = new PolicyPackProcess(packDir, child, engine.server);
    const record = (l: PackLine) => {
      pack.output.push(l);
      onLine?.(l);
    };
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new UserError(`policy pack ${packDir} wrote no port within ${PACK_START_TIMEOUT_MS / 1000} s`)),
          PACK_START_TIMEOUT_MS,
        );
        let first = true;
        readline.createInterface({ input: child.stdout! }).on("line", (line) => {
          if (!first) return record({ stream: "stdout", line });
          first = false;
          clearTimeout(timer);
          const port = Number(line.trim());
          if (Number.isInteger(port) && port > 0 && port < 65536) resolve(port);
          else
            reject(
              new UserError(
                `policy pack ${packDir} failed to start: it wrote an invalid port ${JSON.stringify(line.slice(0, 200))}`,
              ),
            );
        });
        readline.createInterface({ input: child.stderr! }).on("line", (line) => record({ stream: "stderr", line }));
        child.on("error", (e) => reject(new UserError(`policy pack ${packDir} could not be started: ${e.message}`)));
        child.on("exit", (code, signal) => {
          clearTimeout(timer);
          // let the stderr reader drain before we quote it
          setImmediate(() => {
            const why = summarizeStderr(pack.output);
            reject(
              new UserError(
                `policy pack ${packDir} failed to start (exit ${code ?? signal}) before writing its port` +
                  (why ? `:\n${why}` : ""),
              ),
            );
          });
        });
      });
      pack.spawnToPortMs = performance.now() - t0;
      const client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": MAX_MESSAGE,
        "grpc.max_send_message_length": MAX_MESSAGE,
      });
      await new Promise<void>((resolve, reject) =>
        client.waitForReady(Date.now() + 10_000, (e) =>
          e ? reject(new UserError(`policy pack ${packDir} did not answer on port ${port}: ${e.message}`)) : resolve(),
        ),
      );
      pack.client = client;
      return pack;
    } catch (e) {
      await pack.close();
      throw e;
    }
  }

  private rpc<Req, Resp>(method: string, req: Req): Promise<Resp> {
    if (!this.client) throw new UserError("policy pack is not running");
    return unary<Req, Resp>(this.client, method, req).catch((e: grpc.ServiceError) => {
      if (this.exited) {
        const why = summarizeStderr(this.output);
        throw new UserError(`policy pack ${this.packDir} exited during ${method}` + (why ? `:\n${why}` : ""));
      }
      throw e;
    });
  }

  /** Tolerates UNIMPLEMENTED, as the engine does (@pulumi/policy 1.21 has no Handshake). */
  async handshake(): Promise<"ok" | "unimplemented"> {
    const req = new analyzerpb.AnalyzerHandshakeRequest();
    req.setEngineAddress("");
    req.setRootDirectory(this.packDir);
    req.setProgramDirectory(this.packDir);
    try {
      await this.rpc("handshake", req);
      return "ok";
    } catch (e) {
      if ((e as grpc.ServiceError).code === grpc.status.UNIMPLEMENTED) return "unimplemented";
      throw e;
    }
  }

  async configureStack(ctx: StackContext): Promise<void> {
    const req = new analyzerpb.AnalyzerStackConfigureRequest();
    req.setStack(ctx.stack);
    req.setProject(ctx.project);
    req.setOrganization(ctx.organization);
    req.setDryRun(ctx.dryRun);
    for (const [k, v] of Object.entries(ctx.config)) req.getConfigMap().set(k, v);
    req.setConfigSecretKeysList(ctx.secretKeys);
    for (const [k, v] of Object.entries(ctx.tags)) req.getTagsMap().set(k, v);
    try {
      await this.rpc("configureStack", req);
    } catch (e) {
      if ((e as grpc.ServiceError).code !== grpc.status.UNIMPLEMENTED) throw e;
    }
  }

  async getAnalyzerInfo(): Promise<AnalyzerInfo> {
    const ai = await this.rpc<Empty, analyzerpb.AnalyzerInfo>("getAnalyzerInfo", new Empty());
    const initialConfig: AnalyzerInfo["initialConfig"] = {};
    ai.getInitialconfigMap().forEach((v, k) => {
      initialConfig[k] = {
        enforcementLevel: LEVEL_NAMES[v.getEnforcementlevel()],
        properties: (v.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
      };
    });
    return {
      name: ai.getName(),
      version: ai.getVersion(),
      supportsConfig: ai.getSupportsconfig(),
      initialConfig,
      policies: ai.getPoliciesList().map((p) => {
        const schema = p.getConfigschema();
        const fw = p.getFramework();
        return {
          name: p.getName(),
          displayName: p.getDisplayname(),
          description: p.getDescription(),
          enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()],
          policyType: (["unknown", "resource", "stack"] as const)[p.getPolicyType()] ?? "unknown",
          severity: SEVERITY_NAMES[p.getSeverity()] ?? "",
          tags: p.getTagsList(),
          framework: fw
            ? {
                name: fw.getName(),
                version: fw.getVersion(),
                reference: fw.getReference(),
                specification: fw.getSpecification(),
              }
            : undefined,
          remediationSteps: p.getRemediationSteps(),
          url: p.getUrl(),
          configSchema: schema
            ? {
                properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
                required: schema.getRequiredList(),
              }
            : undefined,
        };
      }),
    };
  }

  /** config: every policy's reconciled level and properties (properties always set, or the pack throws). */
  async configure(config: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>) {
    const req = new analyzerpb.ConfigureAnalyzerRequest();
    for (const [name, c] of Object.entries(config)) {
      const pc = new analyzerpb.PolicyConfig();
      pc.setEnforcementlevel(LEVEL_NAMES.indexOf(c.enforcementLevel) as analyzerpb.EnforcementLevel);
      pc.setProperties(Struct.fromJavaScript(c.properties as never));
      req.getPolicyconfigMap().set(name, pc);
    }
    await this.rpc("configure", req);
  }

  async analyze(r: AnalyzerResourceView): Promise<AnalyzerResponse> {
    return toResponse(
      await this.rpc<analyzerpb.AnalyzeRequest, analyzerpb.AnalyzeResponse>("analyze", analyzeRequest(r)),
    );
  }

  async remediate(
    r: AnalyzerResourceView,
  ): Promise<{ policyName: string; description: string; diagnostic: string; properties?: WireObject }[]> {
    const resp = await this.rpc<analyzerpb.AnalyzeRequest, analyzerpb.RemediateResponse>(
      "remediate",
      analyzeRequest(r),
    );
    return resp.getRemediationsList().map((x) => ({
      policyName: x.getPolicyname(),
      description: x.getDescription(),
      diagnostic: x.getDiagnostic(),
      properties: x.getProperties() ? (x.getProperties()!.toJavaScript() as WireObject) : undefined,
    }));
  }

  async analyzeStack(resources: AnalyzerResourceView[]): Promise<AnalyzerResponse> {
    const req = new analyzerpb.AnalyzeStackRequest();
    req.setResourcesList(resources.map(analyzerResource));
    return toResponse(await this.rpc<analyzerpb.AnalyzeStackRequest, analyzerpb.AnalyzeResponse>("analyzeStack", req));
  }

  /** Always kills the pack (its gRPC server would keep it alive forever). Safe to call twice. */
  async close(): Promise<void> {
    this.client?.close();
    this.client = undefined;
    if (!this.exited) {
      const gone = new Promise<void>((res) => this.child.once("exit", () => res()));
      this.child.kill("SIGKILL");
      await gone;
    }
    this.engine.forceShutdown();
  }
}

function options(o: EngineResourceOptions, parent: string): analyzerpb.AnalyzerResourceOptions {
  const opts = new analyzerpb.AnalyzerResourceOptions();
  opts.setProtect(o.protect);
  opts.setIgnorechangesList(o.ignoreChanges);
  if (o.deleteBeforeReplace !== undefined) {
    opts.setDeletebeforereplace(o.deleteBeforeReplace);
    opts.setDeletebeforereplacedefined(true);
  }
  opts.setAdditionalsecretoutputsList(o.additionalSecretOutputs);
  opts.setAliasesList(o.aliases);
  const ct = new analyzerpb.AnalyzerResourceOptions.CustomTimeouts();
  ct.setCreate(o.customTimeouts.create);
  ct.setUpdate(o.customTimeouts.update);
  ct.setDelete(o.customTimeouts.delete);
  opts.setCustomtimeouts(ct);
  opts.setParent(parent);
  return opts;
}

function providerOf(r: AnalyzerResourceView): analyzerpb.AnalyzerProviderResource | undefined {
  if (!r.provider) return undefined;
  const p = new analyzerpb.AnalyzerProviderResource();
  p.setUrn(r.provider.urn);
  p.setType(r.provider.type);
  p.setName(r.provider.name);
  p.setProperties(Struct.fromJavaScript(r.provider.properties as never));
  return p;
}

export function analyzeRequest(r: AnalyzerResourceView): analyzerpb.AnalyzeRequest {
  const req = new analyzerpb.AnalyzeRequest();
  req.setUrn(r.urn);
  req.setType(r.type);
  req.setName(r.name);
  req.setProperties(Struct.fromJavaScript(r.properties as never));
  req.setOptions(options(r.options, r.parent));
  const p = providerOf(r);
  if (p) req.setProvider(p);
  return req;
}

export function analyzerResource(r: AnalyzerResourceView): analyzerpb.AnalyzerResource {
  const ar = new analyzerpb.AnalyzerResource();
  ar.setUrn(r.urn);
  ar.setType(r.type);
  ar.setName(r.name);
  ar.setProperties(Struct.fromJavaScript(r.properties as never));
  ar.setOptions(options(r.options, r.parent));
  const p = providerOf(r);
  if (p) ar.setProvider(p);
  ar.setParent(r.parent);
  ar.setDependenciesList(r.dependencies);
  for (const [key, urns] of Object.entries(r.propertyDependencies)) {
    if (urns.length === 0) continue; // the engine leaves out keys without dependencies
    const pd = new analyzerpb.AnalyzerPropertyDependencies();
    pd.setUrnsList(urns);
    ar.getPropertydependenciesMap().set(key, pd);
  }
  return ar;
}

export function toResponse(resp: analyzerpb.AnalyzeResponse): AnalyzerResponse {
  return {
    diagnostics: resp.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      policyPackVersion: d.getPolicypackversion(),
      description: d.getDescription(),
      message: d.getMessage(),
      enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()],
      urn: d.getUrn(),
      severity: SEVERITY_NAMES[d.getSeverity()] ?? "",
    })),
    notApplicable: resp.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}
