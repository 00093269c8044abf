import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { assertLabel, ephiTags } from "./tags";
import { assertNonEmpty } from "./validate";

/** Arguments for {@link ClinicNetwork}. */
export interface ClinicNetworkArgs {
  /** Tenant (clinic) identifier. @default none (required) */
  tenant: string;
  /** Environment name. @default none (required) */
  environment: string;
  /** Two availability zones of the region. @default none (required) */
  availabilityZones: [string, string];
  /** CIDR of the VPC, a /16; subnets take /20s of it. @default "10.0.0.0/16" */
  cidrBlock?: string;
}

/**
 * A VPC with a public and a private subnet in each of two AZs. Public subnets route to an internet gateway and host
 * only the load balancer; private subnets have no route to the internet (reach AWS APIs through VPC endpoints).
 */
export class ClinicNetwork extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly publicSubnetIds: pulumi.Output<string>[];
  public readonly privateSubnetIds: pulumi.Output<string>[];

  constructor(name: string, args: ClinicNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    assertLabel("tenant", args.tenant);
    assertLabel("environment", args.environment);
    assertNonEmpty("availabilityZones", args.availabilityZones, "availability zone");
    if (args.availabilityZones.length !== 2 || args.availabilityZones[0] === args.availabilityZones[1]) {
      throw new Error(
        `Invalid availabilityZones ${JSON.stringify(args.availabilityZones)}: must be two distinct zones`,
      );
    }
    const cidr = args.cidrBlock ?? "10.0.0.0/16";
    const base = /^10\.(\d{1,3})\.0\.0\/16$/.exec(cidr)?.[1];
    if (base === undefined || Number(base) > 255) {
      throw new Error(`Invalid cidrBlock ${JSON.stringify(cidr)}: must be a 10.x.0.0/16 block`);
    }
    super("ephi:network:ClinicNetwork", name, {}, opts);
    const tags = ephiTags({ tenant: args.tenant, environment: args.environment, purpose: "network" });

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true, tags },
      { parent: this },
    );
    const gateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags }, { parent: this });
    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public-routes`,
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }], tags },
      { parent: this },
    );
    const privateRoutes = new aws.ec2.RouteTable(`${name}-private-routes`, { vpcId: vpc.id, tags }, { parent: this });

    const subnet = (tier: "public" | "private", index: number, routeTable: aws.ec2.RouteTable) => {
      const s = new aws.ec2.Subnet(
        `${name}-${tier}-${index + 1}`,
        {
          vpcId: vpc.id,
          availabilityZone: args.availabilityZones[index],
          cidrBlock: `10.${base}.${(tier === "public" ? 0 : 128) + index * 16}.0/20`,
          mapPublicIpOnLaunch: false,
          tags: { ...tags, tier },
        },
        { parent: this },
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-${tier}-${index + 1}-routes`,
        { subnetId: s.id, routeTableId: routeTable.id },
        { parent: this },
      );
      return s.id;
    };
    this.vpcId = vpc.id;
    this.publicSubnetIds = [0, 1].map((i) => subnet("public", i, publicRoutes));
    this.privateSubnetIds = [0, 1].map((i) => subnet("private", i, privateRoutes));
    this.registerOutputs({ vpcId: this.vpcId });
  }
}
