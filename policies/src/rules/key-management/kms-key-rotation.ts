import { HIPAA } from "../../catalog/hipaa";
import { DATA_KEY_SPECS, KEY_LIMIT_DEFAULTS, ROTATION_PERIOD_DEFAULT_DAYS } from "../../catalog/key-rules";
import { resourcePolicy } from "../../lib/define";
import { forTypes } from "../../lib/values";

/** AWS accepts rotation periods in this range. */
const ROTATION_RANGE = [90, 2560] as const;

export const kmsKeyRotation = resourcePolicy(
  {
    id: "kms-key-rotation",
    description: `Customer-managed symmetric KMS keys rotate automatically, at most every maxRotationPeriodDays (default ${KEY_LIMIT_DEFAULTS.maxRotationPeriodDays}).`,
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest, HIPAA.riskManagement],
    severity: "high",
    remediationSteps:
      "Set enableKeyRotation: true and rotationPeriodInDays within the configured maximum (AWS accepts 90-2560; unset means 365); or use ephi-guard's TenantKeyring.",
  },
  {
    configSchema: {
      properties: {
        maxRotationPeriodDays: {
          type: "integer",
          minimum: ROTATION_RANGE[0],
          maximum: ROTATION_RANGE[1],
          default: KEY_LIMIT_DEFAULTS.maxRotationPeriodDays,
          description: "Longest rotation period accepted, in days.",
        },
      },
    },
    // KMS rotates only symmetric keys whose material it generated: asymmetric and HMAC keys, and keys in a
    // custom key store, cannot rotate automatically (kms-key-usage and kms-key-origin judge those keys instead).
    validateResource: forTypes(["aws:kms/key:Key"], (props, args, report) => {
      const max =
        args.getConfig<{ maxRotationPeriodDays?: number }>().maxRotationPeriodDays ??
        KEY_LIMIT_DEFAULTS.maxRotationPeriodDays;
      const spec = props.customerMasterKeySpec ?? DATA_KEY_SPECS[0];
      if (!(DATA_KEY_SPECS as readonly unknown[]).includes(spec)) {
        return args.notApplicable(`KMS cannot rotate ${String(spec)} keys automatically`);
      }
      if (props.customKeyStoreId) {
        return args.notApplicable(
          "KMS cannot rotate keys in a custom key store; rotate them by creating a new key and moving the alias",
        );
      }
      if (props.enableKeyRotation !== true) {
        report(
          `enableKeyRotation is ${JSON.stringify(props.enableKeyRotation ?? null)}; automatic rotation is off (the AWS default)`,
        );
      }
      const period = props.rotationPeriodInDays ?? ROTATION_PERIOD_DEFAULT_DAYS;
      if (
        typeof period !== "number" ||
        !Number.isInteger(period) ||
        period < ROTATION_RANGE[0] ||
        period > ROTATION_RANGE[1]
      ) {
        report(
          `rotationPeriodInDays ${JSON.stringify(period)} is not an integer from ${ROTATION_RANGE[0]} to ${ROTATION_RANGE[1]}`,
        );
      } else if (period > max) {
        report(
          `rotationPeriodInDays ${period}${props.rotationPeriodInDays === undefined ? " (unset: the AWS default)" : ""} is longer than the maximum of ${max} days`,
        );
      }
    }),
  },
);
