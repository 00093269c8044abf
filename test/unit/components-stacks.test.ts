import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { loadClinicConfig } from "../../components";

const STACKS = path.join(__dirname, "../../stacks");
const stacks = fs
  .readdirSync(STACKS)
  .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
  .filter((s): s is string => !!s)
  .sort();

/** Stack config as the program reads it: project keys without namespace, objects JSON-encoded. */
function configOf(stack: string): (key: string) => string | undefined {
  const raw: Record<string, unknown> = parse(fs.readFileSync(path.join(STACKS, `Pulumi.${stack}.yaml`), "utf8")).config;
  return (key) => {
    const v = raw[key.includes(":") ? key : `ephi-clinic:${key}`];
    return v === undefined ? undefined : typeof v === "string" ? v : JSON.stringify(v);
  };
}

test("two tenants, each with dev and prod, and the demo-dev default", () => {
  expect(stacks).toEqual(["demo-dev", "demo-prod", "riverside-dev", "riverside-prod"]);
});

test.each(stacks)("%s: config passes program-start validation and matches the stack name", (stack) => {
  const args = loadClinicConfig(configOf(stack));
  expect(`${args.tenant}-${args.environment}`).toBe(stack);
  expect(args.copyRegion).not.toBe(args.region);
});

test.each(stacks)("%s: has its policy config with an exemption register and no blanket level", (stack) => {
  const config = JSON.parse(fs.readFileSync(path.join(STACKS, `Pulumi.${stack}.policy.json`), "utf8"));
  expect(config["encryption-alternative-measures"]).toEqual({ exemptions: expect.any(Array) });
  // `all` would raise the advisory exemption listing to mandatory and block every exemption in force
  expect(config).not.toHaveProperty("all");
  const floors = Object.values(config).flatMap((c) =>
    (c as { tlsFloor?: string }).tlsFloor ? [(c as { tlsFloor: string }).tlsFloor] : [],
  );
  expect(new Set(floors)).toEqual(new Set(stack.endsWith("-prod") ? ["strong"] : []));
});
