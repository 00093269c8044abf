import type { Policy } from "@pulumi/policy";
import { elbClassicTls } from "../elb/elb-classic-tls";
import { lbListenerHsts } from "../elb/lb-listener-hsts";
import { lbListenerMtls } from "../elb/lb-listener-mtls";
import { lbListenerTls } from "../elb/lb-listener-tls";
import { lbTargetPlaintext } from "../elb/lb-target-plaintext";
import { acmCertificateKey } from "./acm-certificate-key";
import { apigatewayDomainTls } from "./apigateway-domain-tls";
import { apigatewayStageClientCertificate } from "./apigateway-stage-client-certificate";
import { clientVpnTls } from "./client-vpn-tls";
import { cloudfrontTls } from "./cloudfront-tls";
import { dmsEndpointTls } from "./dms-endpoint-tls";
import { documentdbTls } from "./documentdb-tls";
import { elasticacheTransit } from "./elasticache-transit";
import { iamServerCertificate } from "./iam-server-certificate";
import { iotDomainTls } from "./iot-domain-tls";
import { memorydbTls } from "./memorydb-tls";
import { mskTls } from "./msk-tls";
import { neptuneTls } from "./neptune-tls";
import { opensearchTls } from "./opensearch-tls";
import { rdsProxyTls } from "./rds-proxy-tls";
import { rdsTls } from "./rds-tls";
import { redshiftTls } from "./redshift-tls";
import { resourcePolicySecureTransport } from "./resource-policy-secure-transport";
import { s3TlsVersion } from "./s3-tls-version";
import { sesTlsRequired } from "./ses-tls";
import { sgPlaintextIngress } from "./sg-plaintext-ingress";
import { tlsPreferStrong } from "./tls-prefer-strong";
import { transferTls } from "./transfer-tls";
import { vpnConnectionDhPreferred } from "./vpn-connection-dh-preferred";
import { vpnConnectionIke } from "./vpn-connection-ike";

/** Encryption in transit policies. */
export const inTransitPolicies: Policy[] = [
  lbListenerTls,
  lbTargetPlaintext,
  lbListenerMtls,
  lbListenerHsts,
  elbClassicTls,
  cloudfrontTls,
  apigatewayDomainTls,
  apigatewayStageClientCertificate,
  opensearchTls,
  elasticacheTransit,
  memorydbTls,
  mskTls,
  rdsTls,
  rdsProxyTls,
  dmsEndpointTls,
  redshiftTls,
  documentdbTls,
  neptuneTls,
  resourcePolicySecureTransport,
  s3TlsVersion,
  sesTlsRequired,
  transferTls,
  vpnConnectionIke,
  vpnConnectionDhPreferred,
  clientVpnTls,
  acmCertificateKey,
  iamServerCertificate,
  iotDomainTls,
  sgPlaintextIngress,
  tlsPreferStrong,
];
