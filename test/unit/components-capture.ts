/**
 * Runs component code under Pulumi's mocks and records every registration with what the engine would see:
 * type, name, parent, the state the mock cloud returned (inputs plus id and ARN) and propertyDependencies.
 * Shared by the component tests and the mutation table, which feeds the records to the policy pack.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- captured state is arbitrary JSON that tests index into */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

export const ACCOUNT_ID = "111122223333";
export const REGION = "us-east-1";

/** One custom or component registration as the engine would see it. */
export interface Registration {
  type: string;
  name: string;
  urn: string;
  parent: string;
  custom: boolean;
  state: Record<string, any>;
  propertyDependencies: Record<string, string[]>;
}

// Narrow view of pulumi internals: the monitor carries parent and dependency info that MockResourceArgs drops.
interface Settings {
  getMonitor(): { registerResource(req: RegisterRequest, cb: RegisterCallback): void };
  waitForRPCs(): Promise<void>;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
}
type RegisterCallback = (err: unknown, resp?: { getUrn(): string }) => void;

/** The invokes the components make, answered as the offline engine answers them. */
function invoke(token: string, inputs: Record<string, any>): Record<string, any> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: ACCOUNT_ID, arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/deployer/session`, userId: "X" };
    case "aws:index/getRegion:getRegion":
      return { name: REGION, region: REGION, id: REGION };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    default:
      return inputs;
  }
}

/** Installs the mocks, runs `program` and returns what it registered. */
export async function capture(program: () => void): Promise<Registration[]> {
  const states = new Map<string, Record<string, any>>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const state: Record<string, any> = { arn: `arn:aws:mock:${REGION}:${ACCOUNT_ID}:${args.name}`, ...args.inputs };
        if (args.type === "aws:kms/key:Key") state.keyId = `${args.name}-key-id`;
        // the physical bucket name other resources (logging targets, trails, ALB logs) refer to
        if (args.type === "aws:s3/bucket:Bucket") state.bucket ??= `${args.inputs.bucketPrefix ?? ""}${args.name}`;
        states.set(`${args.type}::${args.name}`, state);
        return { id: `${args.name}-id`, state };
      },
      call: (args) => invoke(args.token, args.inputs),
    },
    "ephi-clinic",
    "unit",
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings: Settings = require("@pulumi/pulumi/runtime/settings");
  const monitor = settings.getMonitor();
  const registerResource = monitor.registerResource.bind(monitor);
  const registrations: Registration[] = [];
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
          custom: req.getCustom(),
          state: states.get(`${req.getType()}::${req.getName()}`) ?? {},
          propertyDependencies,
        });
      }
      cb(err, resp);
    });
  program();
  await settings.waitForRPCs();
  return registrations;
}

/** Lookup helpers over one capture. */
export class Registry {
  constructor(public readonly all: Registration[]) {}

  byName(name: string): Registration {
    const found = this.all.find((r) => r.name === name);
    if (!found) throw new Error(`no resource registered as ${name}; saw ${this.all.map((r) => r.name).join(", ")}`);
    return found;
  }

  byUrn(urn: string): Registration {
    const found = this.all.find((r) => r.urn === urn);
    if (!found) throw new Error(`no resource with urn ${urn}`);
    return found;
  }

  ofType(type: string): Registration[] {
    return this.all.filter((r) => r.type === type);
  }

  /** Registrations whose parent chain reaches `ancestor`. */
  within(ancestor: Registration): Registration[] {
    const inside = (r: Registration): boolean =>
      r.parent === ancestor.urn || (!!r.parent && this.all.some((p) => p.urn === r.parent && inside(p)));
    return this.all.filter(inside);
  }

  /** The resources a property of `r` was built from. */
  dependencies(r: Registration, property: string): Registration[] {
    return (r.propertyDependencies[property] ?? []).map((u) => this.byUrn(u));
  }
}

const taggable = new Map<string, boolean>();
/** Whether the resource's Args declare `tags`, read from the provider's own type declarations. */
export function isTaggable(type: string): boolean {
  if (!taggable.has(type)) {
    const [, mod, kind] = type.split(":");
    const file = path.join(__dirname, "../../node_modules/@pulumi/aws", mod.split("/")[0], `${mod.split("/")[1]}.d.ts`);
    const text = fs.readFileSync(file, "utf8");
    const args = new RegExp(`export interface ${kind}Args \\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1] ?? "";
    taggable.set(type, /\n {4}tags\?:/.test(args));
  }
  return taggable.get(type)!;
}
