import * as pulumi from "@pulumi/pulumi";

import type * as Components from "../../components";

/** One custom or component registration as the engine would see it. */
interface Registration {
  type: string;
  name: string;
  urn: string;
  parent: string;
  inputs: Record<string, any>;
  propertyDependencies: Record<string, string[]>;
}

// Narrow view of pulumi internals: the monitor carries parent and dependency info that MockResourceArgs drops.
interface Settings {
  getMonitor(): {
    registerResource(req: RegisterRequest, cb: RegisterCallback): void;
  };
  waitForRPCs(): Promise<void>;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getPropertydependenciesMap(): {
    forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void;
  };
}
type RegisterCallback = (err: unknown, resp?: { getUrn(): string }) => void;

const inputsByName = new Map<string, Record<string, any>>();
const registrations: Registration[] = [];

function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

function registration(name: string): Registration {
  const found = registrations.find((r) => r.name === name);
  if (!found) {
    throw new Error(`no resource registered as ${name}; saw ${registrations.map((r) => r.name).join(", ")}`);
  }
  return found;
}

let components: typeof Components;
let keyring: Components.TenantKeyring;
let bucket: Components.EncryptedBucket;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        inputsByName.set(args.name, args.inputs);
        return {
          id: `${args.name}-id`,
          state: { ...args.inputs, arn: `arn:aws:mock:::${args.name}` },
        };
      },
      call: (args) => args.inputs,
    },
    "ephi-clinic",
    "unit",
  );

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings: Settings = require("@pulumi/pulumi/runtime/settings");
  const monitor = settings.getMonitor();
  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) =>
    registerResource(req, (err, resp) => {
      if (resp) {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps, key) => (propertyDependencies[key] = deps.getUrnsList()));
        registrations.push({
          type: req.getType(),
          name: req.getName(),
          urn: resp.getUrn(),
          parent: req.getParent(),
          inputs: inputsByName.get(req.getName()) ?? {},
          propertyDependencies,
        });
      }
      cb(err, resp);
    });

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  components = require("../../components");
  keyring = new components.TenantKeyring("demo-dev", {
    tenant: "demo",
    environment: "dev",
  });
  bucket = new components.EncryptedBucket("demo-dev-clinical-documents", {
    tenant: "demo",
    environment: "dev",
    purpose: "clinical-documents",
    kmsKeyArn: keyring.dataKeyArn,
  });
  await settings.waitForRPCs();
});

describe("TenantKeyring", () => {
  test("creates a rotating, customer-managed symmetric data key", () => {
    const key = registration("demo-dev-data-key");
    expect(key.type).toBe("aws:kms/key:Key");
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(key.inputs.rotationPeriodInDays).toBe(365);
    expect(key.inputs.deletionWindowInDays).toBe(30);
    expect(key.inputs.customerMasterKeySpec).toBe("SYMMETRIC_DEFAULT");
    expect(key.inputs.description).toMatch(/demo.*dev/);
  });

  test("aliases the data key as alias/<tenant>/<environment>/data", async () => {
    expect(await promiseOf(keyring.dataKeyAlias)).toBe("alias/demo/dev/data");
    expect(await promiseOf(keyring.dataKeyArn)).toBe("arn:aws:mock:::demo-dev-data-key");
  });

  test("tags the key", () => {
    expect(registration("demo-dev-data-key").inputs.tags).toEqual({
      tenant: "demo",
      environment: "dev",
      purpose: "data",
      "data-classification": "ePHI",
      "managed-by": "ephi-guard",
    });
  });

  test.each([
    [{ tenant: "Demo_Clinic" }, /tenant "Demo_Clinic"/],
    [{ tenant: "1clinic" }, /tenant "1clinic"/],
    [{ tenant: "a".repeat(33) }, /tenant/],
    [{ environment: "" }, /environment ""/],
    [{ rotationPeriodInDays: 30 }, /rotationPeriodInDays 30/],
    [{ rotationPeriodInDays: 2561 }, /rotationPeriodInDays 2561/],
    [{ rotationPeriodInDays: 90.5 }, /rotationPeriodInDays/],
    [{ deletionWindowInDays: 6 }, /deletionWindowInDays 6/],
  ])("rejects %p", (override, message) => {
    const args = { tenant: "demo", environment: "dev", ...override };
    expect(() => new components.TenantKeyring("bad", args)).toThrow(message);
  });
});

describe("EncryptedBucket", () => {
  const name = "demo-dev-clinical-documents";

  test("tags the bucket and leaves forceDestroy off", () => {
    const b = registration(`${name}-bucket`);
    expect(b.type).toBe("aws:s3/bucket:Bucket");
    expect(b.inputs.forceDestroy).toBe(false);
    expect(b.inputs.serverSideEncryptionConfiguration).toBeUndefined();
    expect(b.inputs.tags).toEqual({
      tenant: "demo",
      environment: "dev",
      purpose: "clinical-documents",
      "data-classification": "ePHI",
      "managed-by": "ephi-guard",
    });
  });

  test("encrypts by default with the tenant key and bucket keys", () => {
    const sse = registration(`${name}-sse`);
    expect(sse.type).toBe("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
    expect(sse.inputs.bucket).toBe(`${name}-bucket-id`);
    expect(sse.inputs.rules).toEqual([
      {
        applyServerSideEncryptionByDefault: {
          sseAlgorithm: "aws:kms",
          kmsMasterKeyId: "arn:aws:mock:::demo-dev-data-key",
        },
        bucketKeyEnabled: true,
      },
    ]);
  });

  test("ties SSE config, public access block, versioning and policy to the bucket through propertyDependencies", () => {
    const bucketUrn = registration(`${name}-bucket`).urn;
    for (const role of ["sse", "public-access-block", "versioning", "policy"]) {
      expect(registration(`${name}-${role}`).propertyDependencies.bucket).toEqual([bucketUrn]);
    }
  });

  test("blocks all public access", () => {
    expect(registration(`${name}-public-access-block`).inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  });

  test("enables versioning", () => {
    expect(registration(`${name}-versioning`).inputs.versioningConfiguration).toEqual({ status: "Enabled" });
  });

  test("denies any request not made over TLS", () => {
    const policy = JSON.parse(registration(`${name}-policy`).inputs.policy);
    const bucketArn = `arn:aws:mock:::${name}-bucket`;
    expect(policy.Statement).toContainEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  test("exposes the bucket ARN", async () => {
    expect(await promiseOf(bucket.bucketArn)).toBe(`arn:aws:mock:::${name}-bucket`);
  });

  test.each([
    [{ tenant: "Demo_Clinic" }, /tenant "Demo_Clinic"/],
    [{ purpose: "Clinical Documents" }, /purpose "Clinical Documents"/],
    [{ kmsKeyArn: "" }, /kmsKeyArn/],
  ])("rejects %p", (override, message) => {
    const args = {
      tenant: "demo",
      environment: "dev",
      purpose: "x",
      kmsKeyArn: "arn:aws:kms:key",
      ...override,
    };
    expect(() => new components.EncryptedBucket("bad", args)).toThrow(message);
  });
});

describe("component structure", () => {
  test.each([
    ["ephi:kms:TenantKeyring", "demo-dev", ["data-key", "data-alias"]],
    [
      "ephi:s3:EncryptedBucket",
      "demo-dev-clinical-documents",
      ["bucket", "sse", "public-access-block", "versioning", "policy"],
    ],
  ])("%s %s parents every child", (type, name, roles) => {
    const component = registration(name);
    expect(component.type).toBe(type);
    const children = registrations.filter((r) => r.parent === component.urn).map((r) => r.name);
    expect(children.sort()).toEqual(roles.map((role) => `${name}-${role}`).sort());
  });

  test("registers nothing for rejected arguments", () => {
    expect(registrations.filter((r) => r.name.startsWith("bad"))).toEqual([]);
  });
});
