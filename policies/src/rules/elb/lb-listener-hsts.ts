import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { asString, forTypes, Props } from "../../lib/values";
import { LISTENER_TYPES, listenerProtocol } from "./lb-listener-tls";

/** One year, the usual HSTS preload minimum. */
const MIN_MAX_AGE = 31536000;

export const lbListenerHsts = resourcePolicy(
  {
    id: "lb-listener-hsts",
    description: "HTTPS ALB listeners add a Strict-Transport-Security header of at least one year.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps:
      'Set routingHttpResponseStrictTransportSecurityHeaderValue "max-age=31536000; includeSubDomains" on the HTTPS listener.',
  },
  {
    validateResource: forTypes(LISTENER_TYPES, (props: Props, args, report: ReportViolation) => {
      if (listenerProtocol(props) !== "HTTPS")
        return args.notApplicable("only ALB HTTPS listeners set response headers");
      const header = asString(props.routingHttpResponseStrictTransportSecurityHeaderValue);
      const maxAge = Number(/max-age=(\d+)/i.exec(header ?? "")?.[1] ?? NaN);
      if (!header) {
        report(
          "routingHttpResponseStrictTransportSecurityHeaderValue is not set, so browsers may try plain HTTP first; set max-age=31536000",
        );
      } else if (!(maxAge >= MIN_MAX_AGE)) {
        report(`Strict-Transport-Security ${JSON.stringify(header)} has a max-age below one year (${MIN_MAX_AGE} s)`);
      }
    }),
  },
);
