import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadProject, loadStackConfig } from "../../../engine/src/project";

function project(pulumiYaml: string, stacks: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ephi-guard-project-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml);
  fs.mkdirSync(path.join(dir, "stacks"));
  for (const [name, text] of Object.entries(stacks))
    fs.writeFileSync(path.join(dir, "stacks", `Pulumi.${name}.yaml`), text);
  return dir;
}

const HEADER = "name: clinic\nruntime: nodejs\nstackConfigDir: stacks\n";

test("project config values and defaults apply where the stack sets nothing; the stack wins otherwise", () => {
  const dir = project(
    `${HEADER}config:\n  aws:region:\n    value: us-east-1\n  tier:\n    type: string\n    default: small\n  retention: 35\n  note:\n    type: string\n`,
    { dev: "config:\n  clinic:tier: large\n  owner: ops\n", prod: "" },
  );
  const p = loadProject(dir);
  expect(loadStackConfig(p, "dev").config).toEqual({
    "aws:region": "us-east-1",
    "clinic:tier": "large",
    "clinic:retention": "35",
    "clinic:owner": "ops",
  });
  expect(loadStackConfig(p, "prod").config).toEqual({
    "aws:region": "us-east-1",
    "clinic:tier": "small",
    "clinic:retention": "35",
  });
});

test("secure values are kept out and listed as secret keys", () => {
  const dir = project(HEADER, { dev: "config:\n  clinic:password:\n    secure: AAABAJ...\n" });
  const c = loadStackConfig(loadProject(dir), "dev");
  expect(c.config["clinic:password"]).toBe("[secret]");
  expect(c.secretKeys).toEqual(["clinic:password"]);
});

test("a malformed project config names the file and field", () => {
  const dir = project(`${HEADER}config: [1, 2]\n`, {});
  expect(() => loadProject(dir)).toThrow(/Pulumi\.yaml: config: expected a mapping/);
});
