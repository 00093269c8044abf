// Nothing may write to stdout before PolicyPack serves: the engine reads the first line as the port.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("ephi-guard", {
  description: "HIPAA encryption at rest and in transit for ePHI on AWS, with documented exemptions.",
  enforcementLevel: "mandatory",
  policies,
});
