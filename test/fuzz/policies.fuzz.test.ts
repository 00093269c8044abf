import { ALL_POLICIES, fuzzPolicy, VOCABULARY } from "./policy-fuzz";

/** A fixed seed and a modest count keep the suite fast and repeatable; `npm run bench` runs long. */
const SEED = 20261203;
const RUNS = 25;

test("the fuzzer's vocabulary reaches the pack's types and properties", () => {
  expect(VOCABULARY.types).toEqual(expect.arrayContaining(["aws:s3/bucket:Bucket", "aws:lb/listener:Listener"]));
  expect(VOCABULARY.keys).toEqual(expect.arrayContaining(["sslPolicy", "protocol", "defaultActions", "rules"]));
});

describe.each(ALL_POLICIES.map((p) => [p.name, p] as const))("%s never throws on arbitrary input", (_name, policy) => {
  test("arbitrary property bags", async () => {
    await fuzzPolicy(policy, RUNS, SEED);
  });
});
