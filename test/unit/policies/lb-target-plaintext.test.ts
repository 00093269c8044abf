import { lbTargetPlaintext } from "../../../policies/src/rules/elb/lb-target-plaintext";
import { analyzeStack, outcome, resource, UNKNOWN } from "../../harness/policy-harness";

const TG = "aws:lb/targetGroup:TargetGroup";
const tg = (name: string, props: object) => resource(TG, name, { arn: UNKNOWN, ...props });
const listener = (protocol: string, group: ReturnType<typeof resource>, name = "web-https") =>
  resource(
    "aws:lb/listener:Listener",
    name,
    { protocol, port: 443, defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }] },
    { defaultActions: [group] },
  );

describe("lb-target-plaintext", () => {
  test("compliant: HTTPS listener to an HTTPS target group; an HTTP redirect listener", async () => {
    const secure = tg("app", { protocol: "HTTPS", port: 443 });
    const redirect = resource("aws:lb/listener:Listener", "web-http", {
      protocol: "HTTP",
      defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS" } }],
    });
    expect(outcome(await analyzeStack(lbTargetPlaintext, [secure, listener("HTTPS", secure), redirect]))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
  });
  test("compliant: lambda targets have no wire protocol", async () => {
    const fn = tg("fn", { targetType: "lambda" });
    expect(outcome(await analyzeStack(lbTargetPlaintext, [fn, listener("HTTPS", fn)])).violations).toEqual([]);
  });
  test.each([
    [
      "HTTP target group behind HTTPS",
      "HTTPS",
      { protocol: "HTTP", port: 80 },
      /forwards it to targets over HTTP in plaintext/,
    ],
    ["TCP target group behind an NLB TLS listener", "TLS", { protocol: "TCP", port: 5432 }, /over TCP in plaintext/],
  ])("non-compliant: %s", async (_n, listenerProtocol, props, message) => {
    const g = tg("app", props);
    expect(outcome(await analyzeStack(lbTargetPlaintext, [g, listener(listenerProtocol, g)])).violations).toEqual([
      expect.stringMatching(message),
    ]);
  });
  test("non-compliant: a listener rule forwarding to HTTP, by literal ARN in a weighted forward", async () => {
    const secure = tg("app", { protocol: "HTTPS" });
    const plain = resource(TG, "legacy", {
      arn: "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/legacy/1",
      protocol: "HTTP",
    });
    const l = listener("HTTPS", secure);
    const rule = resource(
      "aws:lb/listenerRule:ListenerRule",
      "legacy-path",
      {
        listenerArn: UNKNOWN,
        actions: [
          {
            type: "forward",
            forward: { targetGroups: [{ arn: "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/legacy/1" }] },
          },
        ],
      },
      { listenerArn: [l] },
    );
    expect(outcome(await analyzeStack(lbTargetPlaintext, [secure, plain, l, rule])).violations).toEqual([
      expect.stringMatching(/target group legacy/),
    ]);
  });
  test("not applicable: no listeners", async () => {
    expect(outcome(await analyzeStack(lbTargetPlaintext, [tg("x", {})])).notApplicable).toBe(true);
  });
  test("unknown at preview: target group protocol unknown", async () => {
    const g = tg("app", { protocol: UNKNOWN });
    expect(outcome(await analyzeStack(lbTargetPlaintext, [g, listener("HTTPS", g)])).unknownAtPreview).toBe(true);
  });
  test("wrong shapes never throw", async () => {
    const g = tg("app", { protocol: 5 });
    const l = resource(
      "aws:lb/listener:Listener",
      "l",
      { protocol: "HTTPS", defaultActions: "x" as never },
      { defaultActions: [g] },
    );
    expect(outcome(await analyzeStack(lbTargetPlaintext, [g, l])).violations).toHaveLength(1);
  });
});
