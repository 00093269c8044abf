import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { forTypes } from "../../lib/values";
import { GRANT_TYPE } from "./shared";

const PRINCIPAL_PROPERTIES = ["granteePrincipal", "retiringPrincipal"] as const;

export const kmsGrantNoWildcard = resourcePolicy(
  {
    id: "kms-grant-no-wildcard",
    description: 'KMS grants name one principal: never "*" or a wildcard pattern, as grantee or as retiring principal.',
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest],
    severity: "critical",
    remediationSteps: "Set granteePrincipal (and retiringPrincipal) to the ARN of the one role that needs the grant.",
  },
  {
    validateResource: forTypes([GRANT_TYPE], (props, _args, report) => {
      for (const p of PRINCIPAL_PROPERTIES) {
        const v = props[p];
        if (p === "granteePrincipal" && typeof v !== "string")
          report(`${p} ${JSON.stringify(v ?? null)} is not a principal ARN`);
        else if (typeof v === "string" && v.includes("*"))
          report(`${p} ${JSON.stringify(v)} is a wildcard: the grant would reach principals nobody chose`);
      }
    }),
  },
);
