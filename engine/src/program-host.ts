/**
 * Child process that runs a Pulumi TypeScript program under the SDK's mocks and writes every
 * registration as an EngineResource list. It loads @pulumi/pulumi from the program's own
 * node_modules so that the mocks are installed on the instance the program uses.
 *
 * usage: node program-host.js <job.json>   (job: ProgramJob; result: ProgramResult at job.outFile)
 */
import * as fs from "fs";
import * as path from "path";
import { defaultOptions, engineUrn, EngineResource } from "./resources";
import { mockInvoke, mockNewResource, MockCloudOptions } from "./mock-cloud";
import { toAnalyzerWire, WireObject } from "./wire";

export interface ProgramJob {
  programDir: string;
  outFile: string;
  project: string;
  stack: string;
  organization: string;
  preview: boolean;
  mock: MockCloudOptions;
}

export type ProgramResult =
  | { ok: true; resources: EngineResource[]; stackOutputs: WireObject }
  | { ok: false; error: string };

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports --
   the SDK's runtime internals (monitor, protobuf requests) are untyped and loaded from the program's folder */

function durationSeconds(s: string): number {
  const mult: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const m of s.matchAll(/([\d.]+)(ns|us|µs|ms|s|m|h)/g)) total += parseFloat(m[1]) * mult[m[2]];
  return total;
}

async function run(job: ProgramJob): Promise<ProgramResult> {
  const from = (id: string) => require(require.resolve(id, { paths: [job.programDir] }));
  const mainFile = path.join(job.programDir, "index.ts");
  if (fs.existsSync(mainFile) || fs.existsSync(path.join(job.programDir, "tsconfig.json"))) {
    // as the nodejs language host does for `typescript: true`, minus the type-check (tsc does that in CI)
    from("ts-node").register({ transpileOnly: true, dir: job.programDir, compilerOptions: { module: "commonjs" } });
  }
  const pulumi = from("@pulumi/pulumi");
  const settings = from("@pulumi/pulumi/runtime/settings");

  await pulumi.runtime.setMocks(
    {
      newResource: (a: any) => mockNewResource(job.mock, a.type, a.name, a.inputs),
      call: (a: any) => mockInvoke(job.mock, a.token, a.inputs),
    },
    job.project,
    job.stack,
    job.preview,
    job.organization,
  );
  const monitor = settings.getMonitor();
  monitor.newUrn = (parent: string, type: string, name: string) =>
    engineUrn(job.stack, job.project, parent, type, name);

  const captured: { req: any; read: boolean; urn?: string; id?: string; state?: WireObject }[] = [];
  const outputs = new Map<string, WireObject>();
  const wrap = (method: string, read: boolean) => {
    const orig = monitor[method].bind(monitor);
    monitor[method] = (req: any, cb: (err: unknown, resp: any) => void) => {
      const entry: (typeof captured)[number] = { req, read };
      captured.push(entry);
      orig(req, (err: unknown, resp: any) => {
        if (resp) {
          entry.urn = resp.getUrn();
          entry.id = read ? req.getId() : resp.getId();
          const obj = read ? resp.getProperties?.() : resp.getObject?.();
          entry.state = obj ? (toAnalyzerWire(obj.toJavaScript()) as WireObject) : {};
        }
        cb(err, resp);
      });
    };
  };
  wrap("registerResource", false);
  wrap("readResource", true);
  const origOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, cb: any) => {
    outputs.set(req.getUrn(), toAnalyzerWire(req.getOutputs()?.toJavaScript() ?? {}) as WireObject);
    origOutputs(req, cb);
  };

  const stackOutputs = await pulumi.runtime.runInPulumiStack(async () => require(job.programDir));
  await settings.waitForRPCs?.();

  const aliasUrns = (req: any): string[] =>
    req.getAliasesList().map((a: any) => {
      if (a.hasUrn?.() && a.getUrn()) return a.getUrn();
      const spec = a.getSpec();
      const parent = spec.getNoparent() ? "" : spec.getParenturn() || req.getParent();
      return engineUrn(
        spec.getStack() || job.stack,
        spec.getProject() || job.project,
        parent,
        spec.getType() || req.getType(),
        spec.getName() || req.getName(),
      );
    });

  const resources: EngineResource[] = captured
    .filter((c) => c.urn)
    .map(({ req, read, urn, id, state }) => {
      const type: string = req.getType();
      const inputs = toAnalyzerWire(
        read ? (req.getProperties()?.toJavaScript() ?? {}) : req.getObject().toJavaScript(),
      );
      const propertyDependencies: Record<string, string[]> = {};
      if (!read)
        req.getPropertydependenciesMap().forEach((v: any, k: string) => (propertyDependencies[k] = v.getUrnsList()));
      const options = defaultOptions();
      if (!read) {
        options.protect = req.hasProtect?.() ? req.getProtect() : false;
        options.ignoreChanges = req.getIgnorechangesList();
        if (req.getDeletebeforereplacedefined()) options.deleteBeforeReplace = req.getDeletebeforereplace();
        options.additionalSecretOutputs = req.getAdditionalsecretoutputsList();
        options.aliases = [...new Set(aliasUrns(req))]; // the SDK sends some alias specs twice
        const ct = req.getCustomtimeouts();
        if (ct) {
          options.customTimeouts = {
            create: durationSeconds(ct.getCreate()),
            update: durationSeconds(ct.getUpdate()),
            delete: durationSeconds(ct.getDelete()),
          };
        }
      }
      const custom = read ? true : req.getCustom();
      return {
        urn: urn!,
        type,
        name: req.getName(),
        custom,
        id: id ?? "",
        parent: req.getParent(),
        provider: req.getProvider(),
        dependencies: read ? [] : req.getDependenciesList(),
        propertyDependencies,
        options,
        inputs: inputs as WireObject,
        outputs: custom ? (state ?? {}) : (outputs.get(urn!) ?? {}),
        packageVersion: req.getVersion() || undefined,
        ...(read ? { read: true } : {}),
      };
    });
  return { ok: true, resources, stackOutputs: toAnalyzerWire(stackOutputs ?? {}) as WireObject };
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    // Pulumi's RunError/ResourceError carry the user-facing text in message; never print a stack
    return e.message
      .split("\n")
      .filter((l) => !/^\s+at /.test(l))
      .join("\n");
  }
  return String(e);
}

if (require.main === module) {
  const job: ProgramJob = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const write = (r: ProgramResult) => fs.writeFileSync(job.outFile, JSON.stringify(r));
  const fail = (e: unknown) => {
    write({ ok: false, error: describe(e) });
    process.exit(3);
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  run(job).then((r) => {
    write(r);
    process.exit(0);
  }, fail);
}
