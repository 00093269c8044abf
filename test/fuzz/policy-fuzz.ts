/**
 * Property-based fuzzing of every policy: arbitrary property bags (wrong types, nulls, arrays where
 * objects belong, unknown sentinels at any depth, secrets, huge strings, deep nesting) go through
 * the SDK's real handlers. A policy may report, pass or be not applicable; it must never throw,
 * which the handler would turn into a gRPC error that fails `pulumi preview`.
 */
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import type { Policy } from "@pulumi/policy";
import { policies } from "../../policies/src/policies";
import { analyze, analyzeStack, resource, secretValue, TestResource, UNKNOWN } from "../harness/policy-harness";
import type { WireObject, WireValue } from "../../engine/src/wire";

const SRC = path.join(__dirname, "..", "..", "policies", "src");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith(".ts") ? [fs.readFileSync(p, "utf8")] : [];
  });
}

/** Every type token and property name the pack's sources mention, so the fuzzer hits real paths. */
function vocabulary(): { types: string[]; keys: string[] } {
  const text = sources(SRC).join("\n");
  const types = new Set(text.match(/aws:[a-zA-Z0-9]+\/[a-zA-Z0-9]+:[A-Za-z0-9]+/g) ?? []);
  const keys = new Set<string>();
  for (const m of text.matchAll(/\.(?:props|value|rule|action)\??\.([a-zA-Z][a-zA-Z0-9]*)/g)) keys.add(m[1]);
  for (const m of text.matchAll(/["'`]([a-z][a-zA-Z0-9]{2,40})["'`]/g)) keys.add(m[1]);
  return { types: [...types].sort(), keys: [...keys].sort() };
}

export const VOCABULARY = vocabulary();

/** The sentinels the engine may send for values unknown at preview (one per type). */
const UNKNOWNS = [
  UNKNOWN,
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bba9-fbb2b6c9bd2e",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
];

const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VOCABULARY.keys) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const scalar: fc.Arbitrary<WireValue> = fc.oneof(
  weighted(3, fc.constant(null)),
  weighted(3, fc.boolean()),
  weighted(3, fc.double({ noNaN: true, noDefaultInfinity: true })),
  weighted(3, fc.integer()),
  weighted(3, fc.string({ maxLength: 30 })),
  weighted(6, fc.constantFrom(...UNKNOWNS)),
  weighted(
    8,
    fc.constantFrom(
      ...VOCABULARY.keys,
      "HTTPS",
      "HTTP",
      "TCP",
      "TLS",
      "AES256",
      "aws:kms",
      "alias/aws/s3",
      "redirect",
      "forward",
    ),
  ),
  // rare, because each one costs a full serialization round trip
  weighted(1, fc.constantFrom("x".repeat(100_000), "ELBSecurityPolicy-" + "9".repeat(5000))),
);

const value: fc.Arbitrary<WireValue> = fc.letrec<{ v: WireValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(key, tie("v"), { maxKeys: 5 }) as fc.Arbitrary<WireValue>,
    tie("v").map((x) => secretValue(x)),
  ),
})).v;

/** Deep nesting beyond what the recursive arbitrary reaches by itself. */
const deep = fc.integer({ min: 50, max: 200 }).map((n) => {
  let v: WireValue = UNKNOWN;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { rules: v };
  return v;
});

export const propertyBag: fc.Arbitrary<WireObject> = fc.dictionary(
  key,
  fc.oneof({ weight: 19, arbitrary: value }, { weight: 1, arbitrary: deep }),
  {
    maxKeys: 8,
  },
) as fc.Arbitrary<WireObject>;

const typeToken = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...VOCABULARY.types) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

const testResource: fc.Arbitrary<TestResource> = fc
  .tuple(typeToken, fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), propertyBag)
  .map(([type, name, props]) => resource(type, name, props));

/** A stack whose resources also point at each other through random propertyDependencies. */
const testStack: fc.Arbitrary<TestResource[]> = fc.array(testResource, { minLength: 1, maxLength: 8 }).chain((rs) =>
  fc.array(fc.tuple(fc.nat(rs.length - 1), fc.nat(rs.length - 1), key), { maxLength: 10 }).map((edges) => {
    for (const [from, to, prop] of edges) {
      const r = rs[from];
      // own keys only: a property named like an Object.prototype member must not reach the prototype
      if (!Object.hasOwn(r.propertyDependencies, prop)) {
        Object.defineProperty(r.propertyDependencies, prop, { value: [], enumerable: true, writable: true });
      }
      r.propertyDependencies[prop].push(rs[to].urn);
      r.dependencies.push(rs[to].urn);
    }
    return rs;
  }),
);

export async function fuzzPolicy(policy: Policy, numRuns: number, seed: number): Promise<void> {
  if ("validateStack" in policy && policy.validateStack) {
    await fc.assert(
      fc.asyncProperty(testStack, async (rs) => void (await analyzeStack(policy, rs))),
      { numRuns, seed },
    );
  } else {
    await fc.assert(
      fc.asyncProperty(testResource, async (r) => void (await analyze(policy, r))),
      { numRuns, seed },
    );
  }
}

export const ALL_POLICIES: readonly Policy[] = policies;
