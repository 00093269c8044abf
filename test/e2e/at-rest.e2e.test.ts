/**
 * The at-rest pack end to end: a real Pulumi program with one resource of every covered service
 * (test/fixtures/at-rest-resources.ts) previewed offline by the built CLI with the built pack.
 * Insecure, each resource must carry a mandatory at-rest violation; fixed, nothing is flagged,
 * at preview (keys unknown, resolved through propertyDependencies) and under --update (keys known).
 */
import { AT_REST_ROWS } from "../../policies/src/catalog/encryption-at-rest";
import { fixture, runJson } from "../harness/cli";

interface Violation {
  policyName: string;
  resourceUrn: string;
  enforcementLevel: string;
  category: string;
  message: string;
}
interface Resource {
  urn: string;
  type: string;
}

const COVERED = new Set(AT_REST_ROWS.flatMap((row) => row.types));
const preview = (name: string, ...extra: string[]) =>
  runJson(["preview", "--cwd", fixture(name), "--stack", "dev", ...extra]);

describe.each([[[] as string[]], [["--update"]]])("ephi-guard preview %j of the at-rest fixtures", (extra) => {
  test("insecure: blocked, with a mandatory at-rest violation on each covered resource", () => {
    const r = preview("at-rest-insecure", ...extra);
    expect({ code: r.code, exitCode: r.doc.summary.exitCode, leftovers: r.leftovers }).toEqual({
      code: 1,
      exitCode: 1,
      leftovers: [],
    });
    const covered: Resource[] = r.doc.resources.filter((x: Resource) => COVERED.has(x.type));
    const flagged = new Set(
      r.doc.violations
        .filter((v: Violation) => v.enforcementLevel === "mandatory" && v.category === "at-rest")
        .map((v: Violation) => v.resourceUrn),
    );
    expect(covered.filter((x) => !flagged.has(x.urn)).map((x) => x.urn)).toEqual([]);
    // every type the catalogue covers appears in the program (S3 has its own fixtures)
    expect([...COVERED].filter((t) => !covered.some((x) => x.type === t))).toEqual([]);
  });

  test("secure: passes with no mandatory violation", () => {
    const r = preview("at-rest-secure", ...extra);
    const mandatory = r.doc.violations.filter((v: Violation) => v.enforcementLevel === "mandatory");
    expect(mandatory.map((v: Violation) => `${v.policyName} ${v.resourceUrn}: ${v.message}`)).toEqual([]);
    expect({ code: r.code, exitCode: r.doc.summary.exitCode, leftovers: r.leftovers }).toEqual({
      code: 0,
      exitCode: 0,
      leftovers: [],
    });
    expect(r.doc.resources.filter((x: Resource) => COVERED.has(x.type)).length).toBeGreaterThanOrEqual(COVERED.size);
  });
});

test("secure at preview: unknown values are advisories that say so, never silent passes or violations", () => {
  const r = preview("at-rest-secure");
  const atRest = r.doc.violations.filter((v: Violation) => v.category === "at-rest");
  // the EMR security configuration is a JSON document built from key ARNs: unknown as a whole until apply
  for (const v of atRest)
    expect(v).toMatchObject({ enforcementLevel: "advisory", message: expect.stringContaining("during preview") });
  expect(atRest.map((v: Violation) => v.policyName)).toContain("emr-encryption-at-rest-cmk");
});

describe("kms-key-provenance with the pack config's trustedKeys", () => {
  const provenance = (...extra: string[]) =>
    preview("at-rest-provenance", ...extra)
      .doc.violations.filter((v: Violation) => v.policyName === "kms-key-provenance")
      .map((v: Violation) => `${v.enforcementLevel} ${v.resourceUrn.split("::").pop()}`);

  test("outside keys pass the at-rest rules but are advised as unverifiable", () => {
    expect(provenance()).toEqual(["advisory shared-key-queue", "advisory other-tenant-topic"]);
  });

  test("an allow-list entry for the stack's tenant and environment vouches only for that tenant", () => {
    // the queue takes tenant fx and environment dev from the stack config; the topic's tags say tenant south
    const config = fixture("at-rest-provenance/trusted-keys.json");
    expect(provenance("--policy-pack-config", config)).toEqual(["advisory other-tenant-topic"]);
  });
});
