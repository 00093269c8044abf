#!/usr/bin/env node
/**
 * ephi-guard: reproduces `pulumi preview --policy-pack` offline and gates CI on the result.
 * Exit codes: 0 no mandatory violation, 1 at least one, 2 bad usage, bad input or a failed program or pack.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs, ParseArgsConfig } from "util";
import { checkPolicyPackDir, PolicyPackProcess, StackContext } from "./analyzer-client";
import { loadDeploymentFile, toDeployment } from "./deployment";
import { errorMessage, EXIT, UserError } from "./errors";
import { evaluate } from "./evaluate";
import { PolicyConfigFile, readPolicyConfigFile } from "./policy-config";
import { runProgram } from "./program";
import { listStacks, loadProject, loadStackConfig, PulumiProject, stackConfigFile } from "./project";
import { buildDocument, formatHuman, RunDocument } from "./report";
import type { EngineResource } from "./resources";
import { buildEvidence } from "./commands/evidence";
import { fleet } from "./commands/fleet";
import { newClinic } from "./commands/new-clinic";
import { gitCommit, reportTime, writeEvidence } from "./commands/report";
import { paint } from "./commands/tty";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const TOOL_VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
const ORGANIZATION = "organization";

const USAGE = `ephi-guard ${TOOL_VERSION}: offline \`pulumi preview --policy-pack\` for HIPAA encryption policies

Usage:
  ephi-guard preview [--stack NAME] [--cwd DIR] [--policy-pack DIR] [--policy-pack-config FILE]
                     [--update] [--json] [--export FILE] [--show-secrets]
                     [--report DIR]
  ephi-guard scan FILE [--stack NAME] [--cwd DIR] [--policy-pack DIR] [--policy-pack-config FILE] [--json]
                     [--report DIR]
  ephi-guard report [--stack NAME] [--out DIR] [preview options]
  ephi-guard fleet [--cwd DIR] [--jobs N] [--report DIR] [--json]
  ephi-guard new-clinic TENANT ENV [--region REGION] [--cwd DIR]
  ephi-guard COMMAND --help | --help | --version

preview  runs the Pulumi program in --cwd (default: the clinic program) under mocks with the stack's
         config, serves the policy pack over the analyzer protocol as the Pulumi CLI does, and reports.
         --update uses update semantics (known mock ids and outputs) instead of preview semantics.
         --export writes what was captured as a \`pulumi stack export\` (version 3) file; secret values
         are redacted unless --show-secrets is given.
         --report DIR also writes the evidence (evidence.json, evidence.md, evidence.html, SHA256SUMS).
scan     evaluates a saved \`pulumi stack export\` (version 3) or \`pulumi preview --json\` document.
report   a preview that writes the evidence to --out DIR (default evidence/<stack>).
fleet    previews every stack in stacks/ in parallel and prints a summary table per stack.
new-clinic writes stacks/Pulumi.<tenant>-<env>.yaml and its policy config for a new clinic.

A stack's policy config is stacks/Pulumi.<stack>.policy.json when present; --policy-pack-config overrides it.

Exit codes: 0 no mandatory violation; 1 at least one mandatory violation;
            2 bad usage, bad input, or a program or policy pack that failed.
            fleet exits with the highest code of its stacks.
Colours only on a terminal, never when NO_COLOR is set. EPHI_GUARD_DEBUG=1 prints stack traces of internal errors.
`;

const COMMON_OPTIONS = {
  stack: { type: "string" },
  cwd: { type: "string" },
  "policy-pack": { type: "string" },
  "policy-pack-config": { type: "string" },
  json: { type: "boolean" },
  report: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

const PREVIEW_OPTIONS = {
  ...COMMON_OPTIONS,
  update: { type: "boolean" },
  export: { type: "string" },
  "show-secrets": { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

function parse<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O, command: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UserError(`${command}: ${errorMessage(e)}\n\n${USAGE}`);
  }
}

function chooseStack(project: PulumiProject, requested: string | undefined): string {
  if (requested) return requested;
  const stacks = listStacks(project);
  if (stacks.length === 1) return stacks[0];
  throw new UserError(
    stacks.length === 0
      ? `${project.stackConfigDir}: no stack configs (Pulumi.<stack>.yaml) found`
      : `several stacks in ${project.stackConfigDir} (${stacks.join(", ")}): choose one with --stack`,
  );
}

function policyConfigFor(project: PulumiProject | undefined, stack: string, explicit: string | undefined) {
  if (explicit) return { file: path.resolve(explicit), config: readPolicyConfigFile(path.resolve(explicit)) };
  if (project) {
    const file = stackConfigFile(project, stack).replace(/\.ya?ml$/, ".policy.json");
    if (fs.existsSync(file)) return { file, config: readPolicyConfigFile(file) };
  }
  return { file: "no policy config", config: undefined as PolicyConfigFile | undefined };
}

function stackTags(project: PulumiProject | undefined): Record<string, string> {
  if (!project) return {};
  return {
    "pulumi:project": project.name,
    "pulumi:runtime": project.runtime,
    ...(project.description ? { "pulumi:description": project.description } : {}),
  };
}

/** Pack output after the port line is what the engine forwards as diagnostics; keep stdout for --json. */
function forwardPackLine(l: { stream: string; line: string }) {
  process.stderr.write(`[policy pack ${l.stream}] ${l.line}\n`);
}

let activePack: PolicyPackProcess | undefined;

async function withPack<T>(packDir: string, ctx: StackContext, fn: (p: PolicyPackProcess) => Promise<T>): Promise<T> {
  const pack = await PolicyPackProcess.start(packDir, ctx, forwardPackLine);
  activePack = pack;
  try {
    return await fn(pack);
  } finally {
    activePack = undefined;
    await pack.close();
  }
}

interface Run {
  doc: RunDocument;
  resources: EngineResource[];
  projectDir: string;
}

/** Prints the run; with a report directory also writes the evidence (its note goes to stderr under --json). */
function emit(run: Run, json: boolean, reportDir: string | undefined): number {
  const { doc } = run;
  process.stdout.write(json ? JSON.stringify(doc, null, 2) + "\n" : formatHuman(doc));
  if (reportDir) {
    const evidence = buildEvidence(doc, run.resources, { gitCommit: gitCommit(run.projectDir), now: reportTime() });
    const written = writeEvidence(path.resolve(reportDir), evidence);
    const out = json ? process.stderr : process.stdout;
    out.write(paint(out, "dim", `Evidence: ${Object.values(written.files).join(", ")}`) + "\n");
  }
  return doc.summary.exitCode;
}

async function preview(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, PREVIEW_OPTIONS, "preview");
  if (values.help) return (process.stdout.write(USAGE), EXIT.ok);
  if (positionals.length) throw new UserError(`preview: unexpected argument '${positionals[0]}'\n\n${USAGE}`);
  return emit(await runPreview(values), values.json === true, values.report);
}

const REPORT_OPTIONS = { ...PREVIEW_OPTIONS, out: { type: "string" } } as const satisfies ParseArgsConfig["options"];

async function report(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, REPORT_OPTIONS, "report");
  if (values.help) return (process.stdout.write(USAGE), EXIT.ok);
  if (positionals.length) throw new UserError(`report: unexpected argument '${positionals[0]}'\n\n${USAGE}`);
  const run = await runPreview(values);
  return emit(run, values.json === true, values.out ?? values.report ?? path.join("evidence", run.doc.stack));
}

async function runPreview(values: {
  stack?: string;
  cwd?: string;
  "policy-pack"?: string;
  "policy-pack-config"?: string;
  update?: boolean;
  export?: string;
  "show-secrets"?: boolean;
}): Promise<Run> {
  const t0 = performance.now();
  const project = loadProject(path.resolve(values.cwd ?? REPO_ROOT));
  const stack = chooseStack(project, values.stack);
  const stackConfig = loadStackConfig(project, stack);
  const policyConfig = policyConfigFor(project, stack, values["policy-pack-config"]);
  const packDir = path.resolve(values["policy-pack"] ?? path.join(REPO_ROOT, "policies"));
  checkPolicyPackDir(packDir); // before the program runs: a wrong folder should fail at once
  const dryRun = !values.update;
  const ctx: StackContext = {
    project: project.name,
    stack,
    organization: ORGANIZATION,
    dryRun,
    config: stackConfig.config,
    secretKeys: stackConfig.secretKeys,
    tags: stackTags(project),
  };
  // the pack boots while the program runs, as under the CLI; whichever fails first stops the other
  const abort = new AbortController();
  const packStarting = PolicyPackProcess.start(packDir, ctx, forwardPackLine);
  packStarting.then(
    (p) => (activePack = p),
    () => abort.abort(),
  );
  const programRun = runProgram({
    programDir: project.dir,
    project: project.name,
    stack,
    organization: ORGANIZATION,
    preview: dryRun,
    config: stackConfig.config,
    secretKeys: stackConfig.secretKeys,
    onOutput: (line) => process.stderr.write(`[program] ${line}\n`),
    signal: abort.signal,
  });
  let program, pack;
  try {
    [program, pack] = await Promise.all([programRun, packStarting]);
  } catch (e) {
    abort.abort();
    await Promise.allSettled([programRun, packStarting.then((p) => p.close())]);
    throw e;
  }
  let run;
  try {
    run = await evaluate(pack, ctx, program.resources, policyConfig.config, policyConfig.file);
  } finally {
    activePack = undefined;
    await pack.close();
  }
  if (values.export) writeExport(path.resolve(values.export), program.resources, values["show-secrets"] === true);
  const doc = buildDocument({
    toolVersion: TOOL_VERSION,
    mode: dryRun ? "preview" : "update",
    project: project.name,
    stack,
    resources: program.resources,
    run,
    programMs: program.durationMs,
    totalMs: performance.now() - t0,
  });
  return { doc, resources: program.resources, projectDir: project.dir };
}

function writeExport(file: string, resources: EngineResource[], showSecrets: boolean) {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(toDeployment(resources, TOOL_VERSION, showSecrets), null, 2) + "\n");
    fs.renameSync(tmp, file); // never leave a half-written export behind
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new UserError(`${file}: cannot write export: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`);
  }
}

async function scan(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, COMMON_OPTIONS, "scan");
  if (values.help) return (process.stdout.write(USAGE), EXIT.ok);
  if (positionals.length !== 1) throw new UserError(`scan: expected exactly one FILE\n\n${USAGE}`);
  const t0 = performance.now();
  const file = path.resolve(positionals[0]);
  const deployment = loadDeploymentFile(file);
  const stack = values.stack ?? deployment.stack;
  let project: PulumiProject | undefined;
  const projectDir = path.resolve(values.cwd ?? REPO_ROOT);
  if (fs.existsSync(path.join(projectDir, "Pulumi.yaml"))) project = loadProject(projectDir);
  const configFile = project ? stackConfigFile(project, stack) : undefined;
  const stackConfig = project && configFile && fs.existsSync(configFile) ? loadStackConfig(project, stack) : undefined;
  const policyConfig = policyConfigFor(project, stack, values["policy-pack-config"]);
  const ctx: StackContext = {
    project: deployment.project || project?.name || "",
    stack,
    organization: ORGANIZATION,
    dryRun: true,
    config: stackConfig?.config ?? {},
    secretKeys: stackConfig?.secretKeys ?? [],
    tags: stackTags(project),
  };
  const packDir = path.resolve(values["policy-pack"] ?? path.join(REPO_ROOT, "policies"));
  const run = await withPack(packDir, ctx, (pack) =>
    evaluate(pack, ctx, deployment.resources, policyConfig.config, policyConfig.file),
  );
  const doc = buildDocument({
    toolVersion: TOOL_VERSION,
    mode: "scan",
    project: ctx.project,
    stack,
    resources: deployment.resources,
    run,
    totalMs: performance.now() - t0,
  });
  return emit({ doc, resources: deployment.resources, projectDir }, values.json === true, values.report);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "preview":
      return preview(rest);
    case "scan":
      return scan(rest);
    case "report":
      return report(rest);
    case "fleet":
      return fleet(rest, { cli: __filename, repoRoot: REPO_ROOT });
    case "new-clinic":
      return newClinic(rest, { repoRoot: REPO_ROOT });
    case "--version":
    case "-v":
    case "version":
      process.stdout.write(`${TOOL_VERSION}\n`);
      return EXIT.ok;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return EXIT.ok;
    default:
      throw new UserError(`unknown command '${command}'\n\n${USAGE}`);
  }
}

async function fail(e: unknown): Promise<void> {
  const message = e instanceof UserError ? e.message : `internal error: ${errorMessage(e)}`;
  process.stderr.write(`ephi-guard: ${message}\n`);
  if (process.env.EPHI_GUARD_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  await closeActivePack();
  process.exit(EXIT.failure);
}

async function closeActivePack(): Promise<void> {
  const pack = activePack;
  activePack = undefined;
  await pack?.close().catch(() => undefined);
}

if (require.main === module) {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.on(signal, () => void closeActivePack().finally(() => process.exit(code)));
  }
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, fail);
}
