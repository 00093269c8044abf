import type { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { ofTypes, Unknowns } from "../../lib/values";
import { linkedGroup, parametersOf } from "./parameter-groups";

const CLUSTER = "aws:neptune/cluster:Cluster";
const GROUP = "aws:neptune/clusterParameterGroup:ClusterParameterGroup";

/**
 * Neptune requires TLS by default (neptune_enforce_ssl=1; engines from 1.0.4.0 ignore the parameter and always
 * require it), so only a group that turns it off fails.
 */
export const neptuneTls = stackPolicy(
  {
    id: "neptune-tls",
    description: "Neptune clusters do not switch off TLS enforcement (neptune_enforce_ssl).",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps: "Remove neptune_enforce_ssl=0 from the cluster parameter group (or set it to 1).",
  },
  {
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const clusters = ofTypes(args.resources, [CLUSTER]);
      if (clusters.length === 0) return args.notApplicable("no Neptune clusters in the stack");
      const unknowns = new Unknowns();
      for (const c of clusters) {
        const link = linkedGroup(c, "neptuneClusterParameterGroupName", ofTypes(args.resources, [GROUP]), unknowns);
        if (link.kind !== "in-stack") continue;
        const value = parametersOf(link.group, unknowns).get("neptune_enforce_ssl");
        if (value !== undefined && value !== "1") {
          report(
            `${c.name}: parameter group ${link.group.name} sets neptune_enforce_ssl=${value}, which allows plaintext on older engines; remove it or set 1`,
            c.urn,
          );
        }
      }
      unknowns.rethrow();
    },
  },
);
