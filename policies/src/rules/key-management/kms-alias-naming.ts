import type { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { ALIAS_PATTERN_DEFAULT } from "../../catalog/key-rules";
import { stackPolicy } from "../../lib/define";
import { KEY_ALIAS_TYPE } from "../../lib/kms";
import { asString, ofTypes, read, Unknowns } from "../../lib/values";
import {
  ALIAS_PATTERN_SCHEMA,
  aliasTarget,
  effectiveTags,
  KeyOwner,
  Owner,
  ownerTags,
  quote,
  STACK_OWNER_SCHEMA,
  stackOwner,
  TAG_CONFIG_SCHEMA,
  TagConfig,
  tagConfig,
} from "./shared";

const PLACEHOLDERS = { "<tenant>": "tenant", "<env>": "environment", "<purpose>": "purpose" } as const;
type Part = (typeof PLACEHOLDERS)[keyof typeof PLACEHOLDERS];

/** The pattern as a regex whose groups are the placeholders, in order. */
export function aliasRegex(pattern: string): { re: RegExp; parts: Part[] } {
  const parts: Part[] = [];
  const source = pattern
    .split(/(<tenant>|<env>|<purpose>)/)
    .map((piece) => {
      const part = PLACEHOLDERS[piece as keyof typeof PLACEHOLDERS];
      if (!part) return piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      parts.push(part);
      return "([A-Za-z0-9_-]+)";
    })
    .join("");
  return { re: new RegExp(`^${source}$`), parts };
}

export const kmsAliasNaming = stackPolicy(
  {
    id: "kms-alias-naming",
    description: `KMS aliases follow the naming convention (default ${ALIAS_PATTERN_DEFAULT}) and name their target key's own tenant, environment and purpose.`,
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest, HIPAA.documentation],
    severity: "medium",
    remediationSteps: `Set the alias name (not namePrefix) to ${ALIAS_PATTERN_DEFAULT} with the target key's tags; ephi-guard's TenantKeyring does.`,
  },
  {
    configSchema: { properties: { ...ALIAS_PATTERN_SCHEMA, ...TAG_CONFIG_SCHEMA, ...STACK_OWNER_SCHEMA } },
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const aliases = ofTypes(args.resources, [KEY_ALIAS_TYPE]);
      if (aliases.length === 0) return args.notApplicable("no KMS aliases in the stack");
      const config = args.getConfig<{ aliasPattern?: string } & Partial<TagConfig> & Owner>();
      const pattern = config.aliasPattern ?? ALIAS_PATTERN_DEFAULT;
      const { re, parts } = aliasRegex(pattern);
      const t = tagConfig(config);
      const stack = stackOwner(config);
      const unknowns = new Unknowns();
      for (const alias of aliases) {
        const name = read(() => asString(alias.props.name));
        if (!name.known) {
          unknowns.note(name);
          continue;
        }
        if (name.value === undefined) {
          report(
            `alias ${alias.name} has no name (namePrefix adds a random suffix), so it cannot follow ${pattern}`,
            alias.urn,
          );
          continue;
        }
        const m = re.exec(name.value);
        if (!m) {
          report(`alias ${name.value} does not follow ${pattern}`, alias.urn);
          continue;
        }
        // a key in the stack is judged by its own tags; a key from elsewhere by the stack's tenant and environment
        const target = aliasTarget(alias, args.resources);
        const expected = target
          ? read((): KeyOwner => ownerTags(effectiveTags(target.props, target.provider), t))
          : { known: true as const, value: stack };
        if (!expected.known) {
          unknowns.note(expected);
          continue;
        }
        parts.forEach((part, i) => {
          const want = (expected.value as KeyOwner)[part];
          if (want !== undefined && want !== m[i + 1]) {
            report(
              `alias ${name.value} names ${part} ${quote(m[i + 1])} but ${target ? `key ${target.name} is tagged` : "the stack's is"} ${quote(want)}`,
              alias.urn,
            );
          }
        });
      }
      unknowns.rethrow();
    },
  },
);
