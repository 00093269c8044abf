/** Exit codes of the ephi-guard CLI (documented in the README). */
export const EXIT = { ok: 0, mandatoryViolation: 1, failure: 2 } as const;

/**
 * A failure the user can act on: bad usage, bad input, or a program or pack that failed. The CLI
 * prints only its message (never a stack trace) and exits 2.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** An input error that names the file, the field (when there is one) and the reason. */
export function inputError(file: string, field: string | undefined, reason: string): UserError {
  return new UserError(field ? `${file}: ${field}: ${reason}` : `${file}: ${reason}`);
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
