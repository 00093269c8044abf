import type { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { ofTypes, Unknowns } from "../../lib/values";
import { linkedGroup, parametersOf } from "./parameter-groups";

const CLUSTER = "aws:redshift/cluster:Cluster";
const GROUP = "aws:redshift/parameterGroup:ParameterGroup";

export const redshiftTls = stackPolicy(
  {
    id: "redshift-require-ssl",
    description: "Redshift clusters use a parameter group in the stack with require_ssl=true.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      'Attach an aws.redshift.ParameterGroup with parameters [{ name: "require_ssl", value: "true" }] (and use_fips_ssl where FIPS is required).',
  },
  {
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const clusters = ofTypes(args.resources, [CLUSTER]);
      if (clusters.length === 0) return args.notApplicable("no Redshift clusters in the stack");
      const unknowns = new Unknowns();
      for (const c of clusters) {
        const link = linkedGroup(c, "clusterParameterGroupName", ofTypes(args.resources, [GROUP]), unknowns);
        if (link.kind === "unknown") continue;
        if (link.kind !== "in-stack") {
          // default.redshift-1.0 has require_ssl=false; a group outside the stack cannot be read
          const which =
            link.kind === "unset"
              ? "the default parameter group (require_ssl=false)"
              : `${link.name}, which is not in this stack`;
          report(
            `${c.name}: clusterParameterGroupName is ${which}; attach a parameter group with require_ssl=true`,
            c.urn,
          );
          continue;
        }
        const value = parametersOf(link.group, unknowns).get("require_ssl");
        if (value?.toLowerCase() !== "true") {
          report(
            `${c.name}: parameter group ${link.group.name} has require_ssl=${value ?? "unset (false)"}; set it to true`,
            c.urn,
          );
        }
      }
      unknowns.rethrow();
    },
  },
);
