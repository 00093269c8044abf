/** `ephi-guard new-clinic <tenant> <env>`: the stack config and policy config of a new clinic, from validated names. */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { stringify } from "yaml";
import { errorMessage, EXIT, UserError } from "../errors";
import { loadProject, stackConfigFile } from "../project";
import { paint } from "./tty";

/** Components use labels in tags, KMS alias paths (alias/<tenant>/<env>/<purpose>, far below KMS's 256) and bucket names. */
const LABEL = /^[a-z](?:[a-z0-9]|-(?!-))*$/;
const LABEL_MAX = 32;
/** Buckets are named by `bucketPrefix: "<tenant>-<env>-"`, to which S3 appends 26 characters, within 63. */
const S3_NAME_MAX = 63;
const BUCKET_PREFIX_SUFFIX = 26;
export const COMBINED_MAX = S3_NAME_MAX - BUCKET_PREFIX_SUFFIX - 2;
/** S3 refuses bucket names with these prefixes. */
const S3_RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
/**
 * The regions the clinic program supports (cross-region backup copy): REGION_COPY_DEFAULTS in
 * components/clinic-config.ts. test/e2e/new-clinic.e2e.test.ts fails when the two lists disagree.
 */
export const SUPPORTED_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-central-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "ap-northeast-3",
];

export const NEW_CLINIC_USAGE = `Usage: ephi-guard new-clinic TENANT ENV [--region REGION] [--cwd DIR]

Writes <stackConfigDir>/Pulumi.<TENANT>-<ENV>.yaml (aws:region, <project>:tenant, <project>:environment) and
Pulumi.<TENANT>-<ENV>.policy.json (the pack's enforcement levels and an empty exemption register), refuses to
overwrite either, and prints the next commands.

TENANT, ENV  lower-case letters, digits and single hyphens, starting with a letter and ending with a letter or digit;
             each at most ${LABEL_MAX} characters and together at most ${COMBINED_MAX} (bucket names stay within 63 characters);
             the tenant "aws" is refused (KMS reserves alias/aws/).
--region     AWS region of the clinic's data (default us-east-1), one of the regions the clinic program supports:
             ${SUPPORTED_REGIONS.join(", ")}.
--cwd        the Pulumi project (default: the clinic program).

Exit codes: 0 written; 2 invalid name, existing files or bad usage.
`;

/** Every reason the names are refused, empty when they are valid. */
export function clinicNameErrors(tenant: string, env: string, region: string): string[] {
  const errors: string[] = [];
  for (const [what, v] of [
    ["tenant", tenant],
    ["environment", env],
  ] as const) {
    if (!LABEL.test(v) || v.endsWith("-")) {
      errors.push(
        `${what} ${JSON.stringify(v)}: use lower-case letters, digits and single hyphens, start with a letter, end with a letter or digit`,
      );
    } else if (v.length > LABEL_MAX) errors.push(`${what} ${JSON.stringify(v)}: at most ${LABEL_MAX} characters`);
  }
  if (tenant.length + env.length > COMBINED_MAX) {
    errors.push(
      `tenant and environment together have ${tenant.length + env.length} characters: at most ${COMBINED_MAX}, so bucket names stay within ${S3_NAME_MAX}`,
    );
  }
  // alias/aws/* belongs to AWS-managed keys: KMS refuses to create it
  if (tenant === "aws") errors.push(`tenant "aws": KMS reserves alias/aws/ for AWS-managed keys`);
  const reserved = S3_RESERVED_PREFIXES.find((p) => `${tenant}-${env}-`.startsWith(p));
  if (reserved) errors.push(`bucket names would start with "${reserved}", which S3 reserves`);
  if (!SUPPORTED_REGIONS.includes(region)) {
    errors.push(`region ${JSON.stringify(region)}: the clinic program supports ${SUPPORTED_REGIONS.join(", ")}`);
  }
  return errors;
}

/** The pack's own levels; exemptions go in the register (docs/exemptions in the README). */
const POLICY_CONFIG = { "encryption-alternative-measures": { exemptions: [] } };

export async function newClinic(args: string[], ctx: { repoRoot: string }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { region: { type: "string" }, cwd: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UserError(`new-clinic: ${errorMessage(e)}\n\n${NEW_CLINIC_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return (process.stdout.write(NEW_CLINIC_USAGE), EXIT.ok);
  if (positionals.length !== 2) throw new UserError(`new-clinic: expected TENANT and ENV\n\n${NEW_CLINIC_USAGE}`);
  const [tenant, env] = positionals;
  const region = values.region ?? "us-east-1";
  const errors = clinicNameErrors(tenant, env, region);
  if (errors.length) throw new UserError(`new-clinic: invalid input:\n  ${errors.join("\n  ")}`);

  const project = loadProject(path.resolve(values.cwd ?? ctx.repoRoot));
  const stack = `${tenant}-${env}`;
  const configFile = stackConfigFile(project, stack);
  const policyFile = configFile.replace(/\.yaml$/, ".policy.json");
  const existing = [configFile, policyFile].filter((f) => fs.existsSync(f));
  if (existing.length) throw new UserError(`new-clinic: refusing to overwrite ${existing.join(" and ")}`);

  const config = stringify({
    config: { "aws:region": region, [`${project.name}:tenant`]: tenant, [`${project.name}:environment`]: env },
  });
  try {
    fs.mkdirSync(project.stackConfigDir, { recursive: true });
    fs.writeFileSync(configFile, config, { flag: "wx" });
    fs.writeFileSync(policyFile, JSON.stringify(POLICY_CONFIG, null, 2) + "\n", { flag: "wx" });
  } catch (e) {
    throw new UserError(`new-clinic: cannot write: ${errorMessage(e)}`);
  }
  const rel = (f: string) => path.relative(project.dir, f);
  const out = process.stdout;
  out.write(
    `${paint(out, "green", "Created")} ${rel(configFile)}\n${paint(out, "green", "Created")} ${rel(policyFile)}\n\n`,
  );
  out.write(
    [
      "Next:",
      `  npx ephi-guard preview --stack ${stack}      # offline check with the policy pack`,
      `  npx ephi-guard report --stack ${stack}       # evidence in evidence/${stack}/`,
      "With the Pulumi CLI and AWS credentials:",
      `  pulumi stack init ${stack}`,
      `  pulumi preview --stack ${stack} --policy-pack policies --policy-pack-config ${rel(policyFile)}`,
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}
