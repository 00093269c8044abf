import { HIPAA } from "../../catalog/hipaa";
import { DELETION_WINDOW_DEFAULT_DAYS, KEY_LIMIT_DEFAULTS } from "../../catalog/key-rules";
import { resourcePolicy } from "../../lib/define";
import { forTypes } from "../../lib/values";
import { KEY_TYPES } from "./shared";

/** AWS accepts waiting periods in this range. */
const WINDOW_RANGE = [7, 30] as const;

export const kmsKeyDeletionWindow = resourcePolicy(
  {
    id: "kms-key-deletion-window",
    description: `A scheduled deletion of a customer-managed KMS key waits at least minDeletionWindowDays (default ${KEY_LIMIT_DEFAULTS.minDeletionWindowDays}), so an accidental or malicious deletion can be cancelled before ePHI becomes unreadable.`,
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest, HIPAA.riskManagement],
    severity: "high",
    remediationSteps:
      "Set deletionWindowInDays to the configured minimum or more (AWS accepts 7-30; unset means 30), and protect PHI keys with `protect: true` or `retainOnDelete: true`.",
  },
  {
    configSchema: {
      properties: {
        minDeletionWindowDays: {
          type: "integer",
          minimum: WINDOW_RANGE[0],
          maximum: WINDOW_RANGE[1],
          default: KEY_LIMIT_DEFAULTS.minDeletionWindowDays,
          description: "Shortest deletion waiting period accepted, in days.",
        },
      },
    },
    validateResource: forTypes(KEY_TYPES, (props, args, report) => {
      const min =
        args.getConfig<{ minDeletionWindowDays?: number }>().minDeletionWindowDays ??
        KEY_LIMIT_DEFAULTS.minDeletionWindowDays;
      const days = props.deletionWindowInDays ?? DELETION_WINDOW_DEFAULT_DAYS;
      if (typeof days !== "number" || !Number.isInteger(days) || days < WINDOW_RANGE[0] || days > WINDOW_RANGE[1]) {
        report(
          `deletionWindowInDays ${JSON.stringify(days)} is not an integer from ${WINDOW_RANGE[0]} to ${WINDOW_RANGE[1]}`,
        );
      } else if (days < min) {
        report(`deletionWindowInDays ${days} is shorter than the minimum of ${min} days`);
      }
    }),
  },
);
