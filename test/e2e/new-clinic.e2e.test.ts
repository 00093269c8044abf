import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { loadClinicConfig, REGION_COPY_DEFAULTS } from "../../components/clinic-config";
import { clinicNameErrors, COMBINED_MAX, SUPPORTED_REGIONS } from "../../engine/src/commands/new-clinic";
import { loadProject, loadStackConfig } from "../../engine/src/project";
import { REPO, runCli } from "../harness/cli";

/** A copy of the project's Pulumi.yaml and stacks/, so the real stacks/ is never written. */
function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ephi-guard-new-clinic-"));
  fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.cpSync(path.join(REPO, "stacks"), path.join(dir, "stacks"), { recursive: true });
  return dir;
}

const listing = (dir: string) => fs.readdirSync(path.join(dir, "stacks")).sort();

describe("ephi-guard new-clinic", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const copy = () => {
    const d = projectCopy();
    dirs.push(d);
    return d;
  };

  test("writes the stack config and policy config and prints the next commands", () => {
    const dir = copy();
    const r = runCli(["new-clinic", "lakeside", "staging", "--region", "eu-west-1", "--cwd", dir]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain(
      "Created stacks/Pulumi.lakeside-staging.yaml\nCreated stacks/Pulumi.lakeside-staging.policy.json\n",
    );
    expect(r.stdout).toContain("npx ephi-guard preview --stack lakeside-staging");
    expect(r.stdout).toContain(
      "pulumi preview --stack lakeside-staging --policy-pack policies --policy-pack-config stacks/Pulumi.lakeside-staging.policy.json",
    );
    const file = path.join(dir, "stacks", "Pulumi.lakeside-staging.yaml");
    expect(parse(fs.readFileSync(file, "utf8"))).toEqual({
      config: { "aws:region": "eu-west-1", "ephi-clinic:tenant": "lakeside", "ephi-clinic:environment": "staging" },
    });
    const policy = JSON.parse(fs.readFileSync(file.replace(/\.yaml$/, ".policy.json"), "utf8"));
    expect(policy).toEqual({ "encryption-alternative-measures": { exemptions: [] } });
    // the engine and the clinic program both accept what was written
    const config = loadStackConfig(loadProject(dir), "lakeside-staging").config;
    const get = (k: string) => config[k.includes(":") ? k : `ephi-clinic:${k}`];
    expect(loadClinicConfig(get)).toMatchObject({ tenant: "lakeside", environment: "staging", region: "eu-west-1" });
  });

  test("refuses to overwrite either file and writes nothing", () => {
    const dir = copy();
    expect(runCli(["new-clinic", "demo", "dev", "--cwd", dir]).stderr).toMatch(
      /^ephi-guard: new-clinic: refusing to overwrite .*Pulumi\.demo-dev\.yaml and .*Pulumi\.demo-dev\.policy\.json\n$/,
    );
    fs.writeFileSync(path.join(dir, "stacks", "Pulumi.acme-dev.policy.json"), '{"all": "advisory"}\n');
    const before = listing(dir);
    const r = runCli(["new-clinic", "acme", "dev", "--cwd", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to overwrite .*Pulumi\.acme-dev\.policy\.json\n$/);
    expect(listing(dir)).toEqual(before);
    expect(fs.readFileSync(path.join(dir, "stacks", "Pulumi.acme-dev.policy.json"), "utf8")).toBe(
      '{"all": "advisory"}\n',
    );
  });

  test.each([
    ["Acme", "dev", /tenant "Acme": use lower-case letters/],
    ["1acme", "dev", /tenant "1acme"/],
    ["acme_x", "dev", /tenant "acme_x"/],
    ["ac--me", "dev", /tenant "ac--me"/],
    ["acme-", "dev", /tenant "acme-"/],
    ["acme", "", /environment "": use lower-case/],
    ["acme", "dev.1", /environment "dev\.1"/],
    ["aws", "dev", /KMS reserves alias\/aws\//],
    ["sthree", "dev", /start with "sthree-", which S3 reserves/],
    ["a".repeat(33), "d", /at most 32 characters/],
    ["a".repeat(20), "e".repeat(16), /together have 36 characters: at most 35/],
  ])("refuses tenant %j, environment %j", (tenant, env, message) => {
    const dir = copy();
    const before = listing(dir);
    const r = runCli(["new-clinic", tenant, env, "--cwd", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ephi-guard: new-clinic: invalid input:\n/);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(listing(dir)).toEqual(before);
  });

  test("refuses an unsupported region, a missing name and unknown flags; --help documents the rules", () => {
    const dir = copy();
    expect(runCli(["new-clinic", "acme", "dev", "--region", "mars-1", "--cwd", dir]).stderr).toMatch(
      /region "mars-1": the clinic program supports us-east-1/,
    );
    expect(runCli(["new-clinic", "acme", "--cwd", dir]).stderr).toMatch(/expected TENANT and ENV/);
    expect(runCli(["new-clinic", "acme", "dev", "--force"]).stderr).toMatch(/Unknown option '--force'/);
    const help = runCli(["new-clinic", "--help"]);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining(`together at most ${COMBINED_MAX}`)]);
  });

  test("its rules never accept what the clinic program refuses", () => {
    expect([...SUPPORTED_REGIONS].sort()).toEqual(Object.keys(REGION_COPY_DEFAULTS).sort());
    const programAccepts = (tenant: string, env: string, region: string) => {
      try {
        loadClinicConfig((k) => ({ "aws:region": region, tenant, environment: env })[k]);
        return true;
      } catch {
        return false;
      }
    };
    const names = [
      "a",
      "acme",
      "a1-b2",
      "x".repeat(32),
      "x".repeat(33),
      "y".repeat(17),
      "y".repeat(18),
      "acme-",
      "ac--me",
      "Acme",
      "9a",
    ];
    for (const tenant of names) {
      for (const env of ["dev", "y".repeat(18), "prod-2"]) {
        if (clinicNameErrors(tenant, env, "us-east-1").length === 0)
          expect([tenant, env, programAccepts(tenant, env, "us-east-1")]).toEqual([tenant, env, true]);
      }
    }
    expect(clinicNameErrors("y".repeat(17), "y".repeat(18), "us-east-1")).toEqual([]);
    expect(programAccepts("y".repeat(18), "y".repeat(18), "us-east-1")).toBe(false);
  });
});

describe("the template section of Pulumi.yaml", () => {
  const template = parse(fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")).template;

  test("prompts for the values new-clinic writes, with defaults it accepts", () => {
    expect(Object.keys(template.config).sort()).toEqual([
      "aws:region",
      "ephi-clinic:environment",
      "ephi-clinic:tenant",
    ]);
    const region = template.config["aws:region"].default;
    expect(clinicNameErrors("acme", template.config["ephi-clinic:environment"].default, region)).toEqual([]);
    for (const r of SUPPORTED_REGIONS) expect(template.config["aws:region"].description).toContain(r);
    expect(template.config["ephi-clinic:tenant"].description).toContain(`together at most ${COMBINED_MAX}`);
  });
});
