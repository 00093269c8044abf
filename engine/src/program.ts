import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UserError } from "./errors";
import { MOCK_ACCOUNT_ID } from "./mock-cloud";
import type { ProgramJob, ProgramResult } from "./program-host";
import { EngineResource, withDefaultProviders } from "./resources";
import { UNKNOWN, WireObject } from "./wire";

export interface ProgramRun {
  resources: EngineResource[];
  stackOutputs: WireObject;
  durationMs: number;
}

export interface ProgramOptions {
  programDir: string;
  project: string;
  stack: string;
  organization: string;
  preview: boolean;
  config: Record<string, string>;
  secretKeys: string[];
  /** where the program's own console output goes (stdout must stay clean for --json) */
  onOutput: (line: string) => void;
  /** stops the program, e.g. when the policy pack failed to start meanwhile */
  signal?: AbortSignal;
}

/** Runs the program under mocks in a child process, as the language host runs it for the engine. */
export async function runProgram(o: ProgramOptions): Promise<ProgramRun> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ephi-guard-"));
  const job: ProgramJob = {
    programDir: o.programDir,
    outFile: path.join(tmp, "result.json"),
    project: o.project,
    stack: o.stack,
    organization: o.organization,
    preview: o.preview,
    mock: { preview: o.preview, region: o.config["aws:region"] ?? "us-east-1", accountId: MOCK_ACCOUNT_ID },
  };
  const jobFile = path.join(tmp, "job.json");
  fs.writeFileSync(jobFile, JSON.stringify(job));
  const t0 = performance.now();
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PULUMI_CONFIG: JSON.stringify(o.config),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(o.secretKeys),
      PULUMI_NODEJS_PROJECT: o.project,
      PULUMI_NODEJS_STACK: o.stack,
      PULUMI_NODEJS_ORGANIZATION: o.organization,
      PULUMI_NODEJS_DRY_RUN: String(o.preview),
    };
    const child = spawn(process.execPath, [path.join(__dirname, "program-host.js"), jobFile], {
      cwd: o.programDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      signal: o.signal,
      killSignal: "SIGKILL",
    });
    child.on("error", () => undefined); // an abort is reported by the caller's reason
    const stderr: string[] = [];
    child.stdout.setEncoding("utf8").on("data", (d: string) => d.split("\n").filter(Boolean).forEach(o.onOutput));
    child.stderr.setEncoding("utf8").on("data", (d: string) => stderr.push(d));
    const code = await new Promise<number | null>((res) => child.on("close", (c) => res(c)));
    let result: ProgramResult | undefined;
    if (fs.existsSync(job.outFile)) result = JSON.parse(fs.readFileSync(job.outFile, "utf8"));
    if (!result || !result.ok) {
      const why =
        result && !result.ok
          ? result.error
          : stderr
              .join("")
              .split("\n")
              .filter((l) => l && !/^\s+at /.test(l))
              .slice(0, 8)
              .join("\n");
      throw new UserError(
        `program ${o.programDir} failed under stack ${o.stack}${code ? ` (exit ${code})` : ""}:\n${why}`,
      );
    }
    const resources = withDefaultProviders(
      result.resources,
      { stack: o.stack, project: o.project, config: o.config, preview: o.preview },
      UNKNOWN,
    );
    return { resources, stackOutputs: result.stackOutputs, durationMs: performance.now() - t0 };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
