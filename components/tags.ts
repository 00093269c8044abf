/** Classification stamped on every resource these components create; policies and cost reports key off it. */
export const DATA_CLASSIFICATION = "ePHI";

/** Identifies who owns a resource and what it holds; the source of every component's tags. */
export interface EphiTagArgs {
  /** Tenant (clinic) identifier, e.g. "demo". */
  tenant: string;
  /** Deployment environment, e.g. "dev". */
  environment: string;
  /** What the resource is for, e.g. "data" or "clinical-documents". */
  purpose: string;
}

/** Tag that records why a resource deliberately departs from the CMK default (see AccessLogBucket). */
export const SSE_S3_REASON_TAG = "ephi-guard:sse-s3-reason";

/** Builds the tag set applied to every taggable child resource. */
export function ephiTags(args: EphiTagArgs): Record<string, string> {
  return {
    tenant: args.tenant,
    environment: args.environment,
    purpose: args.purpose,
    "data-classification": DATA_CLASSIFICATION,
    "managed-by": "ephi-guard",
  };
}

// Labels end up in tags, KMS alias paths and bucket names, so keep them to the narrowest safe alphabet.
const LABEL_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** Throws unless `value` is 1..32 lower-case letters, digits or hyphens starting with a letter. */
export function assertLabel(argName: string, value: string): void {
  if (typeof value !== "string" || !LABEL_PATTERN.test(value)) {
    throw new Error(
      `Invalid ${argName} ${JSON.stringify(value)}: must be 1-32 lower-case letters, digits or hyphens ` +
        "and start with a letter",
    );
  }
}
