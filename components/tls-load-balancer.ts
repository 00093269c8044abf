import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { assertLabel, ephiTags } from "./tags";
import { assertIntegerInRange, assertNonEmpty, assertOneOf, assertPresent } from "./validate";

/** The listener policies a clinic may pick: all TLS 1.2+ with forward secrecy and AEAD only, or TLS 1.3 only. */
export const LISTENER_TLS_POLICIES = {
  /** TLS 1.3 plus TLS 1.2 with ECDHE-AES-GCM only */
  "tls12-restricted": "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "tls13-only": "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "fips-tls12-restricted": "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "fips-tls13-only": "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
} as const;
export type ListenerTlsProfile = keyof typeof LISTENER_TLS_POLICIES;
export const CERTIFICATE_KEY_ALGORITHMS = ["EC_prime256v1", "RSA_2048"] as const;

/** Mutual TLS for partner APIs: clients must present a certificate chaining to the trust store's CAs. */
export interface MutualTlsArgs {
  /** Bucket holding the PEM bundle of the CAs clients' certificates chain to. @default none (required) */
  caBundleBucket: pulumi.Input<string>;
  /** Key of the PEM bundle in that bucket. @default none (required) */
  caBundleKey: pulumi.Input<string>;
}

/** Arguments for {@link TlsLoadBalancer}. */
export interface TlsLoadBalancerArgs {
  /** Tenant (clinic) identifier. @default none (required) */
  tenant: string;
  /** Environment name. @default none (required) */
  environment: string;
  /** Host name of the clinic's site; ACM issues the certificate for it (DNS validation). @default none (required) */
  domainName: string;
  /** Certificate key: ECDSA P-256 or RSA 2048. @default "EC_prime256v1" */
  certificateKeyAlgorithm?: (typeof CERTIFICATE_KEY_ALGORITHMS)[number];
  /** Listener TLS profile, see {@link LISTENER_TLS_POLICIES}. @default "tls12-restricted" */
  tlsProfile?: ListenerTlsProfile;
  /** VPC of the load balancer and targets. @default none (required) */
  vpcId: pulumi.Input<string>;
  /** Public subnets (two AZs) for an internet-facing ALB. @default none (required) */
  subnetIds: pulumi.Input<string>[];
  /** Port the targets serve HTTPS on. @default 443 */
  targetPort?: number;
  /** Health check path on the targets (over HTTPS). @default "/health" */
  healthCheckPath?: string;
  /**
   * Name of the SSE-S3 bucket for access logs (see AccessLogBucket for why it cannot use the tenant key).
   * @default none (required)
   */
  accessLogBucketName: pulumi.Input<string>;
  /** Resources the access-log delivery depends on (the log bucket's policy). @default [] */
  accessLogDependsOn?: pulumi.Input<pulumi.Resource>[];
  /** `max-age` of the Strict-Transport-Security header, in seconds (at least one year). @default 31536000 */
  hstsMaxAgeSeconds?: number;
  /** Require client certificates (mTLS, verify mode) against a trust store. @default none (server TLS only) */
  mutualTls?: MutualTlsArgs;
}

/**
 * An internet-facing ALB that only speaks TLS: HTTPS 443 with a TLS 1.2+/1.3 policy and an ACM certificate, HTTP 80
 * only as a 301 to HTTPS, HSTS, invalid headers dropped, HTTPS to the targets, access logs, deletion protection.
 */
export class TlsLoadBalancer extends pulumi.ComponentResource {
  public readonly loadBalancer: aws.lb.LoadBalancer;
  public readonly targetGroup: aws.lb.TargetGroup;
  /** Security group of the ALB; the targets accept traffic only from it. */
  public readonly securityGroup: aws.ec2.SecurityGroup;
  public readonly certificate: aws.acm.Certificate;
  public readonly dnsName: pulumi.Output<string>;

  constructor(name: string, args: TlsLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    assertLabel("tenant", args.tenant);
    assertLabel("environment", args.environment);
    if (!/^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/.test(args.domainName ?? "")) {
      throw new Error(`Invalid domainName ${JSON.stringify(args.domainName)}: must be a lower-case DNS host name`);
    }
    const keyAlgorithm = args.certificateKeyAlgorithm ?? "EC_prime256v1";
    assertOneOf("certificateKeyAlgorithm", keyAlgorithm, CERTIFICATE_KEY_ALGORITHMS);
    const profile = args.tlsProfile ?? "tls12-restricted";
    assertOneOf("tlsProfile", profile, Object.keys(LISTENER_TLS_POLICIES) as ListenerTlsProfile[]);
    const targetPort = args.targetPort ?? 443;
    assertIntegerInRange("targetPort", targetPort, 1, 65535);
    const hstsMaxAge = args.hstsMaxAgeSeconds ?? 31536000;
    assertIntegerInRange("hstsMaxAgeSeconds", hstsMaxAge, 31536000, 63072000);
    assertNonEmpty("subnetIds", args.subnetIds, "subnet");
    assertPresent("accessLogBucketName", args.accessLogBucketName, "an access log bucket");
    if (args.mutualTls) {
      assertPresent("mutualTls.caBundleBucket", args.mutualTls.caBundleBucket, "a CA bundle bucket");
      assertPresent("mutualTls.caBundleKey", args.mutualTls.caBundleKey, "a CA bundle key");
    }

    super("ephi:lb:TlsLoadBalancer", name, {}, opts);
    const tags = ephiTags({ tenant: args.tenant, environment: args.environment, purpose: "ingress" });

    this.certificate = new aws.acm.Certificate(
      `${name}-certificate`,
      { domainName: args.domainName, validationMethod: "DNS", keyAlgorithm, tags },
      { parent: this },
    );

    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: `ALB of ${args.tenant}/${args.environment}: HTTPS, and HTTP for the redirect`,
        tags,
      },
      { parent: this },
    );
    for (const [role, port] of [
      ["https", 443],
      ["http-redirect", 80],
    ] as const) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-ingress-${role}`,
        {
          securityGroupId: this.securityGroup.id,
          cidrIpv4: "0.0.0.0/0",
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          tags,
        },
        { parent: this },
      );
    }

    this.loadBalancer = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        loadBalancerType: "application",
        internal: false,
        subnets: args.subnetIds,
        securityGroups: [this.securityGroup.id],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: true,
        desyncMitigationMode: "strictest",
        accessLogs: { bucket: args.accessLogBucketName, prefix: "alb", enabled: true },
        tags,
      },
      { parent: this, dependsOn: args.accessLogDependsOn },
    );

    this.targetGroup = new aws.lb.TargetGroup(
      `${name}-targets`,
      {
        vpcId: args.vpcId,
        port: targetPort,
        protocol: "HTTPS",
        targetType: "instance",
        healthCheck: { enabled: true, protocol: "HTTPS", path: args.healthCheckPath ?? "/health", matcher: "200-399" },
        tags,
      },
      { parent: this },
    );

    const trustStore = args.mutualTls
      ? new aws.lb.TrustStore(
          `${name}-trust-store`,
          {
            caCertificatesBundleS3Bucket: args.mutualTls.caBundleBucket,
            caCertificatesBundleS3Key: args.mutualTls.caBundleKey,
            tags,
          },
          { parent: this },
        )
      : undefined;

    new aws.lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: this.loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: LISTENER_TLS_POLICIES[profile],
        certificateArn: this.certificate.arn,
        defaultActions: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
        routingHttpResponseStrictTransportSecurityHeaderValue: `max-age=${hstsMaxAge}; includeSubDomains`,
        ...(trustStore ? { mutualAuthentication: { mode: "verify", trustStoreArn: trustStore.arn } } : {}),
        tags,
      },
      { parent: this },
    );

    new aws.lb.Listener(
      `${name}-http-redirect`,
      {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        tags,
      },
      { parent: this },
    );

    this.dnsName = this.loadBalancer.dnsName;
    this.registerOutputs({ dnsName: this.dnsName, certificateArn: this.certificate.arn });
  }
}
