// The benchmark baseline: the protocol and the SDK's deserialization, no policy logic.
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("noop", {
  policies: [
    { name: "noop-resource", description: "Checks nothing.", enforcementLevel: "advisory", validateResource: () => {} },
    { name: "noop-stack", description: "Checks nothing.", enforcementLevel: "advisory", validateStack: () => {} },
  ],
});
