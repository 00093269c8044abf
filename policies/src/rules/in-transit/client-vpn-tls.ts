import type { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { reportTlsSettings, settingName, TLS_FLOOR_SCHEMA, tlsFloorOf } from "../../lib/tls-check";
import { asArray, asObject, asString, ofTypes, read, Unknowns } from "../../lib/values";
import { knownOrUndefined, knownStrings } from "./known";

const ENDPOINT = "aws:ec2clientvpn/endpoint:Endpoint";
const CERTIFICATE = "aws:acm/certificate:Certificate";
/** Client VPN's documented authentication types; each authenticates the user, mutual TLS also the device. */
const AUTH_TYPES = ["certificate-authentication", "directory-service-authentication", "federated-authentication"];

/**
 * Client VPN has no TLS version or cipher setting (AWS manages the OpenVPN TLS side), so what the pack can check is
 * the server certificate's key, from the catalogue when the certificate is in the stack, and the authentication.
 */
export const clientVpnTls = stackPolicy(
  {
    id: "client-vpn-tls",
    description:
      "Client VPN endpoints use a server certificate with a catalogued key algorithm and authenticate every client (mutual TLS with a root chain, directory or SAML).",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      'Issue the server certificate in ACM with keyAlgorithm "EC_prime256v1" (or RSA_2048+); set authenticationOptions to certificate-authentication with rootCertificateChainArn, or federated/directory authentication.',
  },
  {
    configSchema: TLS_FLOOR_SCHEMA,
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const endpoints = ofTypes(args.resources, [ENDPOINT]);
      if (endpoints.length === 0) return args.notApplicable("no Client VPN endpoints in the stack");
      const floor = tlsFloorOf(args);
      const certificates = ofTypes(args.resources, [CERTIFICATE]);
      const unknowns = new Unknowns();
      for (const e of endpoints) {
        const arn = knownOrUndefined(() => asString(e.props.serverCertificateArn));
        const cert = certificates.find(
          (c) =>
            (e.propertyDependencies["serverCertificateArn"] ?? []).some((d) => d.urn === c.urn) ||
            (arn !== undefined && knownStrings(c.props, ["arn", "id"]).includes(arn)),
        );
        if (cert) {
          const key = read(() => settingName(cert.props.keyAlgorithm));
          if (!key.known) unknowns.note(key);
          else {
            const setting = {
              service: "acm-key" as const,
              field: `server certificate ${cert.name} keyAlgorithm`,
              value: key.value,
              recommend: "EC_prime256v1 or EC_secp384r1",
            };
            reportTlsSettings([setting], floor, (m) => report(`${e.name}: ${m}`, e.urn));
          }
        }
        // a root chain created in the same program is unknown at preview, but it is set
        const auth = read(() =>
          asArray(e.props.authenticationOptions).map((o) => {
            const root = read(() => asObject(o)?.rootCertificateChainArn);
            return { type: asString(asObject(o)?.type), root: !root.known || Boolean(root.value) };
          }),
        );
        if (!auth.known) {
          unknowns.note(auth);
          continue;
        }
        if (auth.value.length === 0)
          report(`${e.name}: authenticationOptions is empty, so clients are not authenticated`, e.urn);
        for (const a of auth.value) {
          if (!AUTH_TYPES.includes(a.type ?? ""))
            report(
              `${e.name}: authentication type ${JSON.stringify(a.type ?? null)} is not one ephi-guard knows`,
              e.urn,
            );
          else if (a.type === "certificate-authentication" && !a.root) {
            report(
              `${e.name}: certificate-authentication without rootCertificateChainArn cannot verify client certificates`,
              e.urn,
            );
          }
        }
      }
      unknowns.rethrow();
    },
  },
);
