/**
 * `ephi-guard fleet`: one offline preview per stack in the project's stack config folder, run by a pool of child
 * processes sized to the cores (each preview runs a Pulumi program and a policy pack of its own).
 */
import { spawn } from "child_process";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { errorMessage, EXIT, UserError } from "../errors";
import { listStacks, loadProject } from "../project";
import type { RunDocument } from "../report";
import { paint } from "./tty";

export const FLEET_USAGE = `Usage: ephi-guard fleet [--cwd DIR] [--jobs N] [--report DIR] [--json]

Previews every stack (Pulumi.<stack>.yaml in the project's stackConfigDir) offline with the policy pack, in parallel
(--jobs, default: the number of cores), each with its own policy config. Shows a progress bar on a terminal and plain
lines otherwise, then a summary table per stack. --report DIR writes each stack's evidence to DIR/<stack>/;
--json prints the per-stack results as JSON instead of the table.

Exit codes: the highest of the stacks' codes: 0 all passed; 1 a mandatory violation; 2 a stack that could not be checked.
`;

export interface StackResult {
  stack: string;
  exitCode: number;
  passed: boolean;
  resources: number;
  mandatory: number;
  advisory: number;
  seconds: number;
  /** why the stack could not be checked (exit code 2) */
  error?: string;
}

/** Runs `items` through `worker` with at most `size` in flight, in input order of results. */
export async function pool<T, R>(items: T[], size: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await worker(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, run));
  return results;
}

function checkStack(
  cli: string,
  projectDir: string,
  stack: string,
  reportDir: string | undefined,
): Promise<StackResult> {
  const args = [cli, "preview", "--stack", stack, "--cwd", projectDir, "--json"];
  if (reportDir) args.push("--report", path.join(reportDir, stack));
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const done = (exitCode: number, error?: string) => {
      const base = { stack, exitCode, seconds: (performance.now() - t0) / 1000 };
      if (error !== undefined)
        return resolve({ ...base, passed: false, resources: 0, mandatory: 0, advisory: 0, error });
      const doc = JSON.parse(stdout) as RunDocument;
      resolve({
        ...base,
        passed: doc.summary.passed,
        resources: doc.summary.resources,
        mandatory: doc.summary.mandatory,
        advisory: doc.summary.advisory,
      });
    };
    child.on("error", (e) => done(EXIT.failure, errorMessage(e)));
    child.on("close", (code) => {
      if (code === EXIT.ok || code === EXIT.mandatoryViolation) {
        try {
          return done(code);
        } catch (e) {
          return done(EXIT.failure, `unreadable preview output: ${errorMessage(e)}`);
        }
      }
      const last =
        stderr
          .split("\n")
          .filter((l) => l.startsWith("ephi-guard:"))
          .pop() ?? stderr.trim().split("\n").pop();
      done(EXIT.failure, (last ?? `exited with ${code}`).replace(/^ephi-guard: /, ""));
    });
  });
}

const verdict = (r: StackResult) =>
  r.exitCode === EXIT.ok ? "passed" : r.exitCode === EXIT.mandatoryViolation ? "FAILED" : "ERROR";

function progressBar(done: number, total: number, width = 30): string {
  const filled = Math.round((done / total) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} stacks`;
}

export function summaryTable(
  results: StackResult[],
  colour: (style: "green" | "red" | "yellow", s: string) => string,
): string {
  const rows = results.map((r) => [
    r.stack,
    verdict(r),
    String(r.mandatory),
    String(r.advisory),
    String(r.resources),
    r.seconds.toFixed(1),
  ]);
  const head = ["Stack", "Result", "Mandatory", "Advisory", "Resources", "Seconds"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  const out = [line(head), widths.map((w) => "-".repeat(w)).join("  ")];
  results.forEach((r, i) => {
    const text = line(rows[i]);
    out.push(colour(r.exitCode === 0 ? "green" : r.exitCode === 1 ? "red" : "yellow", text));
    if (r.error) out.push(`  ${r.error}`);
  });
  return out.join("\n") + "\n";
}

export async function fleet(args: string[], ctx: { cli: string; repoRoot: string }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        cwd: { type: "string" },
        jobs: { type: "string" },
        report: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (e) {
    throw new UserError(`fleet: ${errorMessage(e)}\n\n${FLEET_USAGE}`);
  }
  const { values } = parsed;
  if (values.help) return (process.stdout.write(FLEET_USAGE), EXIT.ok);
  const jobs = values.jobs === undefined ? os.availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new UserError(`fleet: --jobs must be a whole number above 0, not ${JSON.stringify(values.jobs)}`);
  const project = loadProject(path.resolve(values.cwd ?? ctx.repoRoot));
  const stacks = listStacks(project);
  if (stacks.length === 0)
    throw new UserError(`${project.stackConfigDir}: no stack configs (Pulumi.<stack>.yaml) found`);
  const reportDir = values.report ? path.resolve(values.report) : undefined;

  const err = process.stderr;
  const tty = err.isTTY === true;
  const t0 = performance.now();
  let finished = 0;
  err.write(`Checking ${stacks.length} stacks with ${Math.min(jobs, stacks.length)} workers\n`);
  if (tty) err.write(progressBar(0, stacks.length));
  const results = await pool(stacks, jobs, async (stack) => {
    const r = await checkStack(ctx.cli, project.dir, stack, reportDir);
    finished++;
    if (tty) err.write(`\r\x1b[2K${progressBar(finished, stacks.length)}`);
    else err.write(`${stack}: ${verdict(r)} in ${r.seconds.toFixed(1)}s (${finished}/${stacks.length})\n`);
    return r;
  });
  if (tty) err.write("\n");
  const exitCode = Math.max(...results.map((r) => r.exitCode));
  const seconds = (performance.now() - t0) / 1000;
  if (values.json) {
    process.stdout.write(JSON.stringify({ exitCode, seconds, jobs, stacks: results }, null, 2) + "\n");
  } else {
    const out = process.stdout;
    process.stdout.write(summaryTable(results, (style, s) => paint(out, style, s)));
    const failed = results.filter((r) => r.exitCode !== EXIT.ok).length;
    const total = `${stacks.length} stacks in ${seconds.toFixed(1)}s: ${failed === 0 ? "all passed" : `${failed} did not pass`}`;
    out.write(`\n${paint(out, exitCode === 0 ? "green" : "red", total)}\n`);
  }
  return exitCode;
}
