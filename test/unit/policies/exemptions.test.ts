import { coversResource, ExemptionEntry, exemptionStatus } from "../../../policies/src/lib/exemptions";
import { policies } from "../../../policies/src/policies";

const today = new Date("2026-12-03T00:00:00Z");
const known = new Set(["s3-encryption-at-rest-cmk"]);
const entry = (over: Partial<ExemptionEntry> = {}): ExemptionEntry => ({
  id: "EX-1",
  policy: "s3-encryption-at-rest-cmk",
  resource: "*-alb-logs*",
  justification: "ALB access logs can only be delivered to SSE-S3 buckets.",
  compensatingControls: ["bucket policy denies all principals but the ELB log delivery service"],
  riskAcceptedBy: "Privacy Officer",
  approvedOn: "2026-06-01",
  reviewBy: "2027-01-01",
  ...over,
});

describe("exemption status", () => {
  test("in force with days to review", () => {
    expect(exemptionStatus(entry(), known, today)).toEqual({ state: "in-force", daysToReview: 29 });
  });
  test("expired after reviewBy", () => {
    expect(exemptionStatus(entry({ reviewBy: "2026-12-01" }), known, today)).toMatchObject({ state: "expired" });
  });
  test.each([
    [{ justification: " " }, /missing justification/],
    [{ compensatingControls: [] }, /missing compensatingControls/],
    [{ riskAcceptedBy: undefined, approvedOn: undefined }, /missing riskAcceptedBy, approvedOn/],
    [{ policy: "no-such-policy" }, /names no policy/],
    [{ approvedOn: "2026-02-30" }, /not a calendar date/],
    [{ approvedOn: "2026-12-04", reviewBy: "2027-01-04" }, /in the future/],
    [{ approvedOn: "2026-06-01", reviewBy: "2027-06-02" }, /more than 12 months/],
    [{ reviewBy: "2026-06-01" }, /not after approvedOn/],
  ])("invalid: %j", (over, reason) => {
    const s = exemptionStatus(entry(over as Partial<ExemptionEntry>), known, today);
    expect(s.state).toBe("invalid");
    expect((s as { reason: string }).reason).toMatch(reason);
  });
  test("exactly 12 months is allowed", () => {
    expect(exemptionStatus(entry({ approvedOn: "2026-06-01", reviewBy: "2027-06-01" }), known, today).state).toBe(
      "in-force",
    );
  });
});

describe("resource matching", () => {
  const urn = "urn:pulumi:dev::clinic::ephi:lb:TlsLoadBalancer$aws:s3/bucket:Bucket::demo-dev-alb-logs-bucket";
  test("a name glob matches the last URN segment only", () => {
    expect(coversResource(entry({ resource: "*-alb-logs-*" }), urn)).toBe(true);
    expect(coversResource(entry({ resource: "TlsLoadBalancer*" }), urn)).toBe(false);
  });
  test("a URN or URN glob matches the whole URN; regex characters are literal", () => {
    expect(coversResource(entry({ resource: urn }), urn)).toBe(true);
    expect(coversResource(entry({ resource: "urn:pulumi:dev::clinic::*::demo-dev-alb-logs-bucket" }), urn)).toBe(true);
    expect(coversResource(entry({ resource: "demo.dev-alb-logs-bucket" }), urn)).toBe(false);
  });
});

test("the register policy is first, so it is current before any other policy runs", () => {
  expect(policies[0].name).toBe("encryption-alternative-measures");
});
