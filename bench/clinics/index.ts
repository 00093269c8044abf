// N complete clinic platforms (tenants clinic-0 .. clinic-<N-1>) in one stack, for the preview benchmark.
import * as pulumi from "@pulumi/pulumi";
import { ClinicPlatform } from "../../components";

const config = new pulumi.Config();
const clinics = config.requireNumber("clinics");
const region = new pulumi.Config("aws").require("region");

for (let i = 0; i < clinics; i++) {
  // only the first clinic turns on the account-wide baseline: it exists once per account
  new ClinicPlatform(`clinic-${i}-dev`, {
    tenant: `clinic-${i}`,
    environment: "dev",
    region,
    copyRegion: "us-west-2",
    accountBaseline: i === 0,
  });
}
