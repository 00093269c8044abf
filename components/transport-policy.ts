import * as pulumi from "@pulumi/pulumi";

type Resources = pulumi.Input<string> | pulumi.Input<string>[];

/** Resource-policy statement refusing every request that does not arrive over TLS. */
export function denyInsecureTransport(service: "s3" | "sns", resources: Resources) {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: `${service}:*`,
    Resource: resources,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** S3 only: refuse TLS 1.0 and 1.1 as well (`s3:TlsVersion` exists for S3 alone). */
export function denyS3TlsBelow12(resources: Resources) {
  return {
    Sid: "DenyTlsBelow12",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: resources,
    Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
  };
}
