import * as fs from "fs";
import { DOC_FILE, policyDocs } from "../../scripts/policy-docs";

test("docs/policies.md is generated from the current pack (run `npm run docs` when this fails)", () => {
  expect(fs.readFileSync(DOC_FILE, "utf8")).toBe(policyDocs());
});
