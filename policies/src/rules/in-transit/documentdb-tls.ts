import type { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { settingName, TLS_FLOOR_SCHEMA, tlsFloorOf, tlsSettingProblem, TlsSettingSource } from "../../lib/tls-check";
import { asArray, asObject, ofTypes, Unknowns } from "../../lib/values";
import { linkedGroup, parametersOf } from "./parameter-groups";

const CLUSTER = "aws:docdb/cluster:Cluster";
const GROUP = "aws:docdb/clusterParameterGroup:ClusterParameterGroup";
const RECOMMEND = 'a cluster parameter group with tls "tls1.3+" (or "tls1.2+")';

/** The group's own tls value, for the prefer-strong advisory (the stack rule also covers clusters without a group). */
export const documentdbGroupTlsSettings: TlsSettingSource = {
  types: [GROUP],
  settings: (props) =>
    asArray(props.parameters)
      .map(asObject)
      .filter((p) => p?.name === "tls")
      .map((p) => ({
        service: "documentdb",
        field: "tls parameter",
        value: settingName(p?.value),
        recommend: RECOMMEND,
      })),
};

export const documentdbTls = stackPolicy(
  {
    id: "documentdb-tls",
    description: "DocumentDB clusters use a cluster parameter group whose tls value is at or above the TLS floor.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      'Attach an aws.docdb.ClusterParameterGroup with parameters [{ name: "tls", value: "tls1.3+" }] (or "tls1.2+").',
  },
  {
    configSchema: TLS_FLOOR_SCHEMA,
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const clusters = ofTypes(args.resources, [CLUSTER]);
      if (clusters.length === 0) return args.notApplicable("no DocumentDB clusters in the stack");
      const floor = tlsFloorOf(args);
      const unknowns = new Unknowns();
      for (const c of clusters) {
        const link = linkedGroup(c, "dbClusterParameterGroupName", ofTypes(args.resources, [GROUP]), unknowns);
        if (link.kind === "unknown") continue;
        if (link.kind === "external" && !link.name.startsWith("default.")) {
          report(
            `${c.name}: dbClusterParameterGroupName ${link.name} is not in this stack, so its tls value cannot be verified; use ${RECOMMEND}`,
            c.urn,
          );
          continue;
        }
        // the default group, or a group without the parameter, keeps tls=enabled (the catalogue's default)
        const value = link.kind === "in-stack" ? parametersOf(link.group, unknowns).get("tls") : undefined;
        const problem = tlsSettingProblem(
          { service: "documentdb", field: "tls parameter", value, recommend: RECOMMEND },
          floor,
        );
        if (problem) report(`${c.name}: ${problem}`, c.urn);
      }
      unknowns.rethrow();
    },
  },
);
