import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { asString, ofTypes, read, Unknowns } from "../../lib/values";
import { isDefaultGroupName, linkedGroup, parametersOf } from "./parameter-groups";

/** A parameter that must hold one of `allowed` (compared case-insensitively; lists are comma-separated). */
interface TlsParameter {
  name: string;
  allowed: readonly string[];
  /** true where the engine's default is itself safe, so leaving it unset passes */
  unsetPasses?: boolean;
}

interface EngineTls {
  label: string;
  matches: (engine: string) => boolean;
  parameters: readonly TlsParameter[];
}

const TLS12_UP = ["TLSv1.2", "TLSv1.3"];

/**
 * What enforces TLS per engine (reference 5f). Defaults marked "verify" there count as not enforcing. Oracle and
 * Db2 enforce TLS through option groups or listener settings, which parameter groups cannot show.
 */
const ENGINES: readonly EngineTls[] = [
  {
    label: "PostgreSQL",
    matches: (e) => e === "postgres" || e === "aurora-postgresql",
    parameters: [
      { name: "rds.force_ssl", allowed: ["1"] },
      // PostgreSQL's own default has been TLSv1.2 since version 12
      { name: "ssl_min_protocol_version", allowed: TLS12_UP, unsetPasses: true },
    ],
  },
  {
    label: "MySQL/MariaDB",
    matches: (e) => ["mysql", "mariadb", "aurora-mysql", "aurora"].includes(e),
    parameters: [
      { name: "require_secure_transport", allowed: ["1", "ON"] },
      // older MySQL 5.7 and MariaDB versions still allow TLS 1.0/1.1 by default
      { name: "tls_version", allowed: TLS12_UP },
    ],
  },
  {
    label: "SQL Server",
    matches: (e) => e.startsWith("sqlserver"),
    parameters: [
      { name: "rds.force_ssl", allowed: ["1"] },
      { name: "rds.tls10", allowed: ["disabled"] },
      { name: "rds.tls11", allowed: ["disabled"] },
    ],
  },
];

const DATABASES = [
  {
    type: "aws:rds/instance:Instance",
    groupProp: "parameterGroupName",
    groupType: "aws:rds/parameterGroup:ParameterGroup",
  },
  {
    type: "aws:rds/cluster:Cluster",
    groupProp: "dbClusterParameterGroupName",
    groupType: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  },
] as const;

function parameterProblem(params: Map<string, string>, p: TlsParameter): string | undefined {
  const value = params.get(p.name);
  if (value === undefined) return p.unsetPasses ? undefined : `${p.name} is not set (the default does not enforce it)`;
  const entries = value.split(",").map((v) => v.trim().toLowerCase());
  const allowed = p.allowed.map((a) => a.toLowerCase());
  return entries.every((v) => allowed.includes(v)) ? undefined : `${p.name} is ${JSON.stringify(value)}`;
}

function databaseProblem(db: PolicyResource, stack: StackValidationArgs, unknowns: Unknowns): string | undefined {
  const kind = DATABASES.find((d) => d.type === db.type)!;
  const engine = read(() => asString(db.props.engine));
  if (!engine.known) {
    unknowns.note(engine);
    return undefined;
  }
  const tls = ENGINES.find((e) => e.matches(engine.value ?? ""));
  if (!tls) {
    return `engine ${JSON.stringify(engine.value ?? null)} enforces TLS outside parameter groups (option group, listener) or is unset, so ephi-guard cannot verify it; enforce TLS there and record an exemption`;
  }
  const want = tls.parameters.map((p) => `${p.name}=${p.allowed.join("|")}`).join(", ");
  const link = linkedGroup(db, kind.groupProp, ofTypes(stack.resources, [kind.groupType]), unknowns);
  switch (link.kind) {
    case "unknown":
      return undefined;
    case "unset":
      return `${kind.groupProp} is not set, so the ${tls.label} default parameter group applies and does not enforce TLS; attach a ${kind.groupType.split(":").pop()} with ${want}`;
    case "external":
      return isDefaultGroupName(link.name)
        ? `${kind.groupProp} ${link.name} is a default parameter group, which does not enforce TLS; attach one with ${want}`
        : `${kind.groupProp} ${link.name} is not in this stack, so ephi-guard cannot verify it enforces TLS; manage it here with ${want}`;
    case "in-stack": {
      const params = parametersOf(link.group, unknowns);
      const problems = tls.parameters.flatMap((p) => parameterProblem(params, p) ?? []);
      return problems.length
        ? `parameter group ${link.group.name} does not enforce TLS: ${problems.join("; ")}; set ${want}`
        : undefined;
    }
  }
}

export const rdsTls = stackPolicy(
  {
    id: "rds-tls-enforced",
    description: "RDS and Aurora databases enforce TLS 1.2+ through a parameter group in the stack.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      "Attach an aws.rds.ParameterGroup (instances) or aws.rds.ClusterParameterGroup (Aurora) that sets rds.force_ssl=1 (PostgreSQL, SQL Server, with rds.tls10/rds.tls11=disabled) or require_secure_transport=1 and tls_version=TLSv1.2,TLSv1.3 (MySQL, MariaDB).",
  },
  {
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const dbs = ofTypes(
        args.resources,
        DATABASES.map((d) => d.type),
      );
      if (dbs.length === 0) return args.notApplicable("no RDS instances or clusters in the stack");
      const unknowns = new Unknowns();
      for (const db of dbs) {
        const problem = databaseProblem(db, args, unknowns);
        if (problem) report(`${db.name}: ${problem}`, db.urn);
      }
      unknowns.rethrow();
    },
  },
);
