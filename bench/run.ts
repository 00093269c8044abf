/**
 * `npm run bench [-- --json] [-- --fuzz-runs N]`: what the pack costs beyond the protocol, measured
 * in one run against baselines measured in the same run (a no-op pack with the same dependencies,
 * and AWSGuard, a peer pack users could pick instead). Every figure is a median of several runs and
 * a ratio; nothing here is a timed assertion. Results go to bench/results/latest.json.
 */
import { spawn, spawnSync } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackProcess, StackContext } from "../engine/src/analyzer-client";
import { toDeployment } from "../engine/src/deployment";
import { analyzeEach, analyzerViews, evaluate } from "../engine/src/evaluate";
import { corpus } from "./corpus";
import { ALL_POLICIES, fuzzPolicy } from "../test/fuzz/policy-fuzz";

const ROOT = path.resolve(__dirname, "..");
const WORK = path.join(__dirname, ".work");
const PACK = path.join(ROOT, "policies");
const NOOP = path.join(__dirname, "noop-pack");
const AWSGUARD_VERSION = "0.3.1";
const CTX: StackContext = {
  project: "bench",
  stack: "bench",
  organization: "bench",
  dryRun: true,
  config: {},
  secretKeys: [],
  tags: {},
};

const args = process.argv.slice(2);
const asJson = args.includes("--json");
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const fuzzRuns = Number(option("--fuzz-runs")) || 50;
/** AnalyzeStack sizes (small, large = 10x small) and the export scanned for memory; the are the defaults. */
const stackSmall = Number(option("--stack-small")) || 5_000;
const scanSize = Number(option("--scan-size")) || 50_000;
const log = (s: string) => process.stderr.write(`${s}\n`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

function vmHwmMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function coldStartMs(packDir: string, runs: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const p = await PolicyPackProcess.start(packDir, CTX);
    xs.push(p.spawnToPortMs);
    await p.close();
  }
  return median(xs);
}

/** Remediate+Analyze cost per resource over the corpus (the engine's own loop), median of runs. */
async function analyzeMsPerResource(packDir: string, size: number, runs: number): Promise<number> {
  const { inputs } = analyzerViews(corpus(size));
  const pack = await PolicyPackProcess.start(packDir, CTX);
  try {
    await evaluate(pack, CTX, [], undefined, "bench"); // the engine's handshake and Configure, once
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await analyzeEach(
        pack,
        inputs,
        (d, urn, phase) => ({ ...d, resourceUrn: urn, phase, category: "", hipaa: [] }) as never,
      );
      xs.push((performance.now() - t0) / inputs.length);
    }
    return median(xs);
  } finally {
    await pack.close();
  }
}

async function analyzeStackMs(pack: PolicyPackProcess, size: number, runs: number): Promise<number> {
  const { outputs } = analyzerViews(corpus(size));
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await pack.analyzeStack(outputs);
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

/** AWSGuard from npm, in a bench-only folder: never a dependency of the project. */
function awsGuardPack(): string | undefined {
  const dir = path.join(WORK, "awsguard-pack");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: AWSGuard baseline\n");
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({
      name: "awsguard-bench",
      version: "0.0.0",
      private: true,
      main: "index.js",
      dependencies: { "@pulumi/awsguard": AWSGUARD_VERSION },
    }),
  );
  fs.writeFileSync(
    path.join(dir, "index.js"),
    'const { AwsGuard } = require("@pulumi/awsguard");\nnew AwsGuard({ all: "mandatory" });\n',
  );
  if (!fs.existsSync(path.join(dir, "node_modules", "@pulumi", "awsguard"))) {
    log(`installing @pulumi/awsguard@${AWSGUARD_VERSION} into ${path.relative(ROOT, dir)} ...`);
    const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (r.status !== 0) return undefined;
  }
  return dir;
}

/** Wall time of a CLI run and the peak resident memory of the CLI and of the pack it started. */
function runCli(
  cliArgs: string[],
): Promise<{ ms: number; code: number | null; stdout: string; engineMiB?: number; packMiB?: number }> {
  const marker = randomUUID();
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(ROOT, "engine", "bin", "cli.js"), ...cliArgs], {
      cwd: ROOT,
      env: { ...process.env, EPHI_GUARD_BENCH_RUN: marker },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    let engineMiB = 0;
    let packMiB = 0;
    const poll = setInterval(() => {
      engineMiB = Math.max(engineMiB, vmHwmMiB(child.pid) ?? 0);
      for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p) && Number(p) !== child.pid)) {
        try {
          const env = fs.readFileSync(`/proc/${pid}/environ`, "latin1");
          if (env.includes(marker) && fs.readFileSync(`/proc/${pid}/cmdline`, "latin1").includes("run-policy-pack")) {
            packMiB = Math.max(packMiB, vmHwmMiB(Number(pid)) ?? 0);
          }
        } catch {
          // exited meanwhile
        }
      }
    }, 50);
    child.on("close", (code) => {
      clearInterval(poll);
      resolve({ ms: performance.now() - t0, code, stdout, engineMiB, packMiB });
    });
  });
}

async function main() {
  fs.mkdirSync(WORK, { recursive: true });
  const t0 = performance.now();
  const results: Record<string, unknown> = {};
  const awsguard = awsGuardPack();

  log("cold start ...");
  const cold = {
    pack: await coldStartMs(PACK, 5),
    noop: await coldStartMs(NOOP, 5),
    awsguard: awsguard ? await coldStartMs(awsguard, 5) : undefined,
  };
  results.coldStartMs = cold;
  results.coldStartRatio = round(cold.pack / cold.noop);
  if (cold.awsguard) results.awsguardColdStartRatio = round(cold.awsguard / cold.noop);

  log("analyze throughput on 10,000 resources ...");
  const perResource = {
    pack: await analyzeMsPerResource(PACK, 10_000, 3),
    noop: await analyzeMsPerResource(NOOP, 10_000, 3),
    awsguard: awsguard ? await analyzeMsPerResource(awsguard, 10_000, 3) : undefined,
  };
  results.analyzeMsPerResource = Object.fromEntries(Object.entries(perResource).map(([k, v]) => [k, v && round(v)]));
  results.analyzeRatio = round(perResource.pack / perResource.noop);
  if (perResource.awsguard) results.awsguardAnalyzeRatio = round(perResource.awsguard / perResource.noop);

  log(`AnalyzeStack scaling ${stackSmall} -> ${10 * stackSmall} ...`);
  const pack = await PolicyPackProcess.start(PACK, CTX);
  try {
    const small = await analyzeStackMs(pack, stackSmall, 3);
    const large = await analyzeStackMs(pack, 10 * stackSmall, 1); // minutes per run at 50,000: one run
    results.analyzeStackMs = { [`at${stackSmall}`]: round(small, 1), [`at${10 * stackSmall}`]: round(large, 1) };
    results.stackScaling = round(large / (10 * small));
    results.peakRssMiB = { [`packAnalyzeStack${10 * stackSmall}`]: round(vmHwmMiB(pack.pid) ?? NaN, 1) };
  } finally {
    await pack.close();
  }

  log(`scan of a ${scanSize}-resource export ...`);
  const exportFile = path.join(WORK, `export-${scanSize}.json`);
  fs.writeFileSync(exportFile, JSON.stringify(toDeployment(corpus(scanSize), "bench", false)));
  const scan = await runCli(["scan", exportFile, "--json"]);
  results.scan = {
    resources: scanSize,
    ms: round(scan.ms, 0),
    exitCode: scan.code,
    engineMiB: round(scan.engineMiB ?? NaN, 1),
    packMiB: round(scan.packMiB ?? NaN, 1),
  };
  Object.assign(results.peakRssMiB as object, {
    [`engineScan${scanSize}`]: round(scan.engineMiB ?? NaN, 1),
    [`packScan${scanSize}`]: round(scan.packMiB ?? NaN, 1),
  });

  log("whole offline preview for 1, 10 and 50 clinics ...");
  const previews: Record<string, number> = {};
  for (const clinics of [1, 10, 50]) {
    const r = await runCli([
      "preview",
      "--cwd",
      path.join(__dirname, "clinics"),
      "--stack",
      `bench-${clinics}`,
      "--json",
    ]);
    const resources = (JSON.parse(r.stdout) as { resources: unknown[] }).resources.length;
    previews[`${clinics}`] = round(r.ms / resources, 2);
    log(`  ${clinics} clinics: ${resources} resources in ${round(r.ms, 0)} ms`);
  }
  results.previewMsPerResource = previews;

  log(`fuzzing every policy, ${fuzzRuns} runs each ...`);
  const tf = performance.now();
  for (const p of ALL_POLICIES) await fuzzPolicy(p, fuzzRuns, Date.now() & 0xffffffff);
  results.fuzz = {
    policies: ALL_POLICIES.length,
    runsPerPolicy: fuzzRuns,
    ms: round(performance.now() - tf, 0),
    failures: 0,
  };

  results.targets = {
    analyzeRatioAtMost1_5: (results.analyzeRatio as number) <= 1.5,
    stackScalingAtMost1_2: (results.stackScaling as number) <= 1.2,
    coldStartRatioAtMost1_3: (results.coldStartRatio as number) <= 1.3,
    fasterThanAwsGuardColdStart: cold.awsguard === undefined ? null : cold.pack < cold.awsguard,
    fasterThanAwsGuardPerResource: perResource.awsguard === undefined ? null : perResource.pack < perResource.awsguard,
    scanUnderOneGiB: (scan.engineMiB ?? Infinity) + (scan.packMiB ?? Infinity) < 1024,
  };
  const doc = {
    time: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    totalSeconds: round((performance.now() - t0) / 1000, 1),
    results,
  };
  fs.mkdirSync(path.join(__dirname, "results"), { recursive: true });
  fs.writeFileSync(path.join(__dirname, "results", "latest.json"), JSON.stringify(doc, null, 2) + "\n");
  if (asJson) {
    process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
    return;
  }
  const rows: [string, string, string][] = [
    [
      "cold start (spawn -> port)",
      `${round(cold.pack, 0)} ms vs no-op ${round(cold.noop, 0)} ms`,
      `ratio ${results.coldStartRatio} (target <= 1.3)`,
    ],
    [
      "AWSGuard cold start",
      cold.awsguard ? `${round(cold.awsguard, 0)} ms` : "unavailable",
      cold.awsguard ? `ratio ${results.awsguardColdStartRatio}` : "",
    ],
    [
      "Analyze per resource (10k)",
      `${round(perResource.pack)} ms vs no-op ${round(perResource.noop)} ms`,
      `ratio ${results.analyzeRatio} (target <= 1.5)`,
    ],
    [
      "AWSGuard Analyze per resource",
      perResource.awsguard ? `${round(perResource.awsguard)} ms` : "unavailable",
      perResource.awsguard ? `ratio ${results.awsguardAnalyzeRatio}` : "",
    ],
    [
      "AnalyzeStack 5k / 50k",
      `${JSON.stringify(results.analyzeStackMs)}`,
      `scaling ${results.stackScaling} (target <= 1.2)`,
    ],
    ["preview ms/resource (1/10/50 clinics)", JSON.stringify(previews), ""],
    ["peak RSS MiB", JSON.stringify(results.peakRssMiB), `scan of ${scanSize} must stay < 1024 MiB`],
    [
      "fuzz",
      `${ALL_POLICIES.length} policies x ${fuzzRuns} runs`,
      `${results.fuzz && (results.fuzz as { ms: number }).ms} ms, 0 failures`,
    ],
  ];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  process.stdout.write(rows.map((r) => r.map((c, i) => c.padEnd(w[i])).join("  ")).join("\n") + "\n");
  process.stdout.write(
    `targets: ${JSON.stringify(results.targets)}\n(${doc.totalSeconds} s; full results in bench/results/latest.json)\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
