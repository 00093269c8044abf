/** Runs the built ephi-guard CLI as a user would, and finds any policy pack it left running. */
import { spawnSync } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";

export const REPO = path.resolve(__dirname, "..", "..");
export const CLI = path.join(REPO, "engine", "bin", "cli.js");
export const fixture = (name: string) => path.join(REPO, "test", "fixtures", name);

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** processes still alive that were started by this run (found by a marker in their environment) */
  leftovers: number[];
}

function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, "latin1").includes(marker)) found.push(Number(pid));
    } catch {
      // gone or not ours to read
    }
  }
  return found;
}

export function runCli(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CliResult {
  const marker = `EPHI_GUARD_TEST_RUN=${randomUUID()}`;
  const [k, v] = marker.split("=");
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: "1", ...opts.env, [k]: v },
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, leftovers: processesWithMarker(marker) };
}

export function runJson(args: string[], opts?: Parameters<typeof runCli>[1]) {
  const r = runCli([...args, "--json"], opts);
  let doc: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field in tests
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout.slice(0, 500)}\nstderr: ${r.stderr.slice(0, 2000)}`);
  }
  return { ...r, doc };
}

/** A failure as the CLI must report it: exit 2, a message, never a stack trace, nothing left running. */
export function expectCleanFailure(r: CliResult, message: RegExp): void {
  expect({ code: r.code, leftovers: r.leftovers }).toEqual({ code: 2, leftovers: [] });
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}
