import type { ReportViolation } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { lookupTlsPolicy } from "../../catalog/tls-policies";
import { resourcePolicy } from "../../lib/define";
import {
  describeTlsPolicy,
  reportTlsSettings,
  settingName,
  TLS_FLOOR_SCHEMA,
  tlsFloorOf,
  TlsSetting,
  TlsSettingSource,
} from "../../lib/tls-check";
import { asArray, asObject, asString, forTypes, Props } from "../../lib/values";

const DISTRIBUTION_TYPES = ["aws:cloudfront/distribution:Distribution"] as const;
const VIEWER_POLICIES_OK = ["https-only", "redirect-to-https"];
const VIEWER_RECOMMEND = "TLSv1.2_2021, TLSv1.2_2025 or TLSv1.3_2025 with an ACM certificate";

function usesDefaultCertificate(props: Props): boolean {
  return asObject(props.viewerCertificate)?.cloudfrontDefaultCertificate === true;
}

function customOrigins(props: Props): { id: string; config: Props }[] {
  return asArray(props.origins).flatMap((o, i) => {
    const config = asObject(asObject(o)?.customOriginConfig);
    return config ? [{ id: asString(asObject(o)?.originId) ?? `#${i}`, config }] : [];
  });
}

/** Viewer minimum protocol (unless the default certificate overrides it) and each origin SSL protocol entry. */
export const cloudfrontTlsSettings: TlsSettingSource = {
  types: DISTRIBUTION_TYPES,
  settings: (props) => {
    const viewer: TlsSetting[] = usesDefaultCertificate(props)
      ? []
      : [
          {
            service: "cloudfront-viewer",
            field: "viewerCertificate.minimumProtocolVersion",
            value: settingName(asObject(props.viewerCertificate)?.minimumProtocolVersion),
            recommend: VIEWER_RECOMMEND,
          },
        ];
    const origins = customOrigins(props).flatMap(({ id, config }): TlsSetting[] =>
      asArray(config.originSslProtocols).map((p) => ({
        service: "cloudfront-origin",
        field: `origin ${id} originSslProtocols entry`,
        value: settingName(p),
        recommend: 'originSslProtocols ["TLSv1.2"]',
      })),
    );
    return [...viewer, ...origins];
  },
};

function behaviours(props: Props): { where: string; policy: unknown }[] {
  const ordered = asArray(props.orderedCacheBehaviors).map((b, i) => ({
    where: `orderedCacheBehaviors[${i}] (${asString(asObject(b)?.pathPattern) ?? "?"})`,
    policy: asObject(b)?.viewerProtocolPolicy,
  }));
  return [
    { where: "defaultCacheBehavior", policy: asObject(props.defaultCacheBehavior)?.viewerProtocolPolicy },
    ...ordered,
  ];
}

export const cloudfrontTls = resourcePolicy(
  {
    id: "cloudfront-tls",
    description:
      "CloudFront distributions serve viewers over HTTPS only with a catalogued minimum protocol and reach custom origins over https-only with TLSv1.2 only.",
    category: "in-transit",
    hipaa: [HIPAA.transmissionEncryption],
    severity: "high",
    remediationSteps:
      'Set every viewerProtocolPolicy to redirect-to-https or https-only; use an ACM certificate (us-east-1) with minimumProtocolVersion TLSv1.2_2021 or newer and sslSupportMethod sni-only; set customOriginConfig.originProtocolPolicy "https-only" and originSslProtocols ["TLSv1.2"].',
  },
  {
    configSchema: TLS_FLOOR_SCHEMA,
    validateResource: forTypes(DISTRIBUTION_TYPES, (props: Props, args, report: ReportViolation) => {
      for (const b of behaviours(props)) {
        if (!VIEWER_POLICIES_OK.includes(asString(b.policy) ?? "")) {
          report(
            `${b.where}: viewerProtocolPolicy ${JSON.stringify(b.policy ?? null)} lets viewers use plain HTTP; use redirect-to-https or https-only`,
          );
        }
      }
      if (usesDefaultCertificate(props)) {
        const forced = lookupTlsPolicy("cloudfront-viewer", "TLSv1")!;
        report(
          `viewerCertificate.cloudfrontDefaultCertificate makes CloudFront apply ${describeTlsPolicy(forced)} whatever minimumProtocolVersion says; use an ACM certificate with ${VIEWER_RECOMMEND}`,
        );
      }
      for (const { id, config } of customOrigins(props)) {
        const policy = config.originProtocolPolicy;
        if (policy !== "https-only") {
          report(
            `origin ${id}: originProtocolPolicy ${JSON.stringify(policy ?? null)} can reach the origin over plain HTTP; use https-only`,
          );
        }
        if (asArray(config.originSslProtocols).length === 0)
          report(`origin ${id}: originSslProtocols is empty; set ["TLSv1.2"]`);
      }
      reportTlsSettings(cloudfrontTlsSettings.settings(props), tlsFloorOf(args), report);
    }),
  },
);
