import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { asString, ofTypes, read, Unknowns } from "../../lib/values";
import { knownStrings } from "./known";

const STAGE = "aws:apigateway/stage:Stage";
const REST_API = "aws:apigateway/restApi:RestApi";
const INTEGRATION = "aws:apigateway/integration:Integration";
const HTTP_TYPES = ["HTTP", "HTTP_PROXY"];

function belongsTo(r: PolicyResource, api: PolicyResource): boolean {
  if ((r.propertyDependencies["restApi"] ?? []).some((d) => d.urn === api.urn)) return true;
  const v = read(() => asString(r.props.restApi));
  return v.known && v.value !== undefined && knownStrings(api.props, ["id"]).includes(v.value);
}

/**
 * REST API stages whose integrations call an HTTP backend over the internet present a client certificate, so the
 * backend can tell API Gateway from anyone else; a plain http:// backend URI is reported on its own.
 */
export const apigatewayStageClientCertificate = stackPolicy(
  {
    id: "apigateway-stage-client-certificate",
    description:
      "REST API stages with HTTP backends present an API Gateway client certificate, and HTTP integrations call https:// URIs.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "medium",
    remediationSteps:
      "Create an aws.apigateway.ClientCertificate and set the stage's clientCertificateId; have the backend verify it; use https:// integration URIs (or a VPC link).",
  },
  {
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const apis = ofTypes(args.resources, [REST_API]);
      const integrations = ofTypes(args.resources, [INTEGRATION]);
      if (integrations.length === 0) return args.notApplicable("no API Gateway integrations in the stack");
      const unknowns = new Unknowns();
      const httpApis = new Set<string>();
      for (const i of integrations) {
        const facts = read(() => ({
          type: asString(i.props.type),
          uri: asString(i.props.uri),
          link: asString(i.props.connectionType),
        }));
        if (!facts.known) {
          unknowns.note(facts);
          continue;
        }
        if (!HTTP_TYPES.includes(facts.value.type ?? "") || facts.value.link === "VPC_LINK") continue;
        if (facts.value.uri?.startsWith("http://")) {
          report(`integration ${i.name} calls ${facts.value.uri} in plaintext; use an https:// URI`, i.urn);
        }
        for (const api of apis.filter((a) => belongsTo(i, a))) httpApis.add(api.urn);
      }
      for (const stage of ofTypes(args.resources, [STAGE])) {
        if (!apis.some((a) => httpApis.has(a.urn) && belongsTo(stage, a))) continue;
        const cert = read(() => stage.props.clientCertificateId);
        if (!cert.known) continue; // a certificate created in the same program is unknown until it exists
        if (!cert.value) {
          report(
            `stage ${stage.name} fronts an HTTP backend without clientCertificateId, so the backend cannot authenticate API Gateway`,
            stage.urn,
          );
        }
      }
      unknowns.rethrow();
    },
  },
);
