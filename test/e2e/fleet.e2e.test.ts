import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLI, REPO, runCli } from "../harness/cli";

/** Runs the CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
/** Escape sequences, as text to match (a control character in a regex literal is a lint error). */
const ESC = "\u001b";
const csi = (rest: string) => new RegExp(`${ESC}\\[${rest}`);

function onTerminal(args: string[], env: NodeJS.ProcessEnv): string {
  const cmd = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(" ");
  const r = spawnSync("script", ["-qec", cmd, "/dev/null"], {
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return r.stdout;
}

/** A throwaway project whose stacks pass, fail or break depending on their config. */
function project(stacks: Record<string, Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ephi-guard-fleet-"));
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: fleet\nruntime: nodejs\nstackConfigDir: stacks\n");
  fs.writeFileSync(
    path.join(dir, "index.ts"),
    [
      `import * as aws from "@pulumi/aws";`,
      `import * as pulumi from "@pulumi/pulumi";`,
      `const config = new pulumi.Config();`,
      `if (config.getBoolean("broken")) throw new Error("broken on purpose");`,
      `// an unencrypted bucket is a mandatory violation; nothing at all passes`,
      `if (config.getBoolean("insecure")) new aws.s3.Bucket("plain");`,
      "",
    ].join("\n"),
  );
  fs.mkdirSync(path.join(dir, "stacks"));
  for (const [name, config] of Object.entries(stacks)) {
    const lines = Object.entries({ "aws:region": "us-east-1", ...config }).map(([k, v]) => `  ${k}: "${v}"`);
    fs.writeFileSync(path.join(dir, "stacks", `Pulumi.${name}.yaml`), `config:\n${lines.join("\n")}\n`);
  }
  return dir;
}

describe("ephi-guard fleet", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const make = (stacks: Parameters<typeof project>[0]) => {
    const d = project(stacks);
    dirs.push(d);
    return d;
  };

  test("all stacks pass: exit 0, plain progress lines off a terminal, a summary row per stack", () => {
    const dir = make({ "a-dev": {}, "b-dev": {} });
    const r = runCli(["fleet", "--cwd", dir, "--report", path.join(dir, "evidence")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Checking 2 stacks with [12] workers$/m);
    expect(r.stderr).toMatch(/^a-dev: passed in \d+\.\ds \([12]\/2\)$/m);
    expect(r.stderr).not.toMatch(csi(""));
    expect(r.stderr).not.toContain("\r"); // no progress bar and no colour off a terminal
    expect(r.stdout).toMatch(/^Stack\s+Result\s+Mandatory\s+Advisory\s+Resources\s+Seconds$/m);
    expect(r.stdout).toMatch(/^a-dev\s+passed\s+0\s+\d+\s+\d+\s+\d+\.\d$/m);
    expect(r.stdout).toMatch(/^b-dev\s+passed/m);
    expect(r.stdout).toMatch(/2 stacks in \d+\.\ds: all passed/);
    for (const s of ["a-dev", "b-dev"]) expect(fs.existsSync(path.join(dir, "evidence", s, "evidence.md"))).toBe(true);
  });

  test("one failing stack makes the fleet exit 1; a broken one (2) beats it; --json lists each stack", () => {
    const dir = make({ "a-dev": {}, "b-dev": { "fleet:insecure": "true" } });
    const failing = runCli(["fleet", "--cwd", dir, "--json"]);
    expect(failing.code).toBe(1);
    const doc = JSON.parse(failing.stdout);
    expect(doc.exitCode).toBe(1);
    expect(doc.stacks.map((s: { stack: string; exitCode: number }) => [s.stack, s.exitCode])).toEqual([
      ["a-dev", 0],
      ["b-dev", 1],
    ]);
    expect(doc.stacks[1].mandatory).toBeGreaterThan(0);

    fs.writeFileSync(path.join(dir, "stacks", "Pulumi.c-dev.yaml"), 'config:\n  fleet:broken: "true"\n');
    const broken = runCli(["fleet", "--cwd", dir, "--jobs", "3"]);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toMatch(/^b-dev\s+FAILED\s+[1-9]/m);
    expect(broken.stdout).toMatch(/^c-dev\s+ERROR/m);
    expect(broken.stdout).toMatch(/broken on purpose|program .* failed under stack c-dev/);
    expect(broken.stdout).toMatch(/3 stacks in \d+\.\ds: 2 did not pass/);
  });

  test("on a terminal: a progress bar, and colours unless NO_COLOR is set", () => {
    const dir = make({ "a-dev": {} });
    const env = { ...process.env };
    delete env.NO_COLOR;
    const coloured = onTerminal(["fleet", "--cwd", dir], env);
    expect(coloured).toMatch(csi("2K\\[#{30}\\] 1/1 stacks"));
    expect(coloured).toMatch(csi("32ma-dev\\s+passed"));
    const plain = onTerminal(["fleet", "--cwd", dir], { ...process.env, NO_COLOR: "1" });
    expect(plain).toMatch(/\[#{30}\] 1\/1 stacks/);
    expect(plain).not.toMatch(csi("\\d+m"));
    expect(plain).toMatch(/^a-dev\s+passed/m);
  });

  test("usage errors exit 2 with a message; --help documents the exit codes", () => {
    const help = runCli(["fleet", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes: the highest of the stacks' codes/);
    for (const args of [["--jobs", "0"], ["--jobs", "two"], ["extra"]]) {
      const r = runCli(["fleet", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^ephi-guard: fleet: /);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "ephi-guard-fleet-empty-"));
    dirs.push(empty);
    fs.writeFileSync(path.join(empty, "Pulumi.yaml"), "name: empty\nruntime: nodejs\nstackConfigDir: stacks\n");
    const none = runCli(["fleet", "--cwd", empty]);
    expect([none.code, none.stderr]).toEqual([2, expect.stringMatching(/no stack configs/)]);
  });
});
