import Ajv from "ajv";
import { policies } from "../../../policies/src/policies";
import { keyManagementPolicies } from "../../../policies/src/rules/key-management";

describe("key-management policies", () => {
  test("names, enforcement levels and kinds are pinned", () => {
    const kind = (p: object) => ("validateStack" in p ? "stack" : "resource");
    expect(keyManagementPolicies.map((p) => [p.name, p.enforcementLevel, kind(p)])).toEqual([
      ["kms-key-rotation", "mandatory", "resource"],
      ["kms-key-deletion-window", "mandatory", "resource"],
      ["kms-key-policy-lockout-check", "mandatory", "resource"],
      ["kms-key-policy-least-privilege", "mandatory", "resource"],
      ["kms-key-separation-of-duties", "mandatory", "stack"],
      ["kms-key-origin", "mandatory", "resource"],
      ["kms-key-usage", "mandatory", "resource"],
      ["kms-key-description", "mandatory", "resource"],
      ["kms-key-enabled", "mandatory", "resource"],
      ["kms-alias-naming", "mandatory", "stack"],
      ["kms-grant-no-wildcard", "mandatory", "resource"],
      ["kms-replica-key-hygiene", "mandatory", "stack"],
      ["kms-key-tags", "mandatory", "resource"],
      ["kms-key-tenant-separation", "mandatory", "stack"],
      ["backup-key-separate-from-data", "mandatory", "stack"],
      ["iam-kms-decrypt-all-keys", "mandatory", "resource"],
    ]);
  });

  test("the pack serves every one of them", () => {
    const served = policies.map((p) => p.name);
    expect(served).toEqual(expect.arrayContaining(keyManagementPolicies.map((p) => p.name)));
  });

  test.each(keyManagementPolicies.map((p) => [p.name, p]))("%s carries its metadata", (_name, p) => {
    expect(p.tags).toContain("category:key-management");
    expect(p.framework).toMatchObject({ name: "HIPAA Security Rule", version: "45 CFR Part 164 Subpart C" });
    expect(p.framework?.reference).toMatch(/^164\./);
    expect(p.severity).toMatch(/^(low|medium|high|critical)$/);
    expect(p.remediationSteps?.length).toBeGreaterThan(20);
    expect(p.description.length).toBeGreaterThan(20);
  });

  test.each(keyManagementPolicies.filter((p) => p.configSchema).map((p) => [p.name, p]))(
    "%s: its configSchema compiles and its defaults satisfy it",
    (_name, p) => {
      const schema = { type: "object", ...p.configSchema };
      const validate = new Ajv({ strict: false }).compile(schema);
      const defaults = Object.fromEntries(
        Object.entries(p.configSchema!.properties ?? {}).flatMap(([k, v]) =>
          (v as { default?: unknown }).default === undefined ? [] : [[k, (v as { default?: unknown }).default]],
        ),
      );
      expect(validate(defaults)).toBe(true);
    },
  );
});
