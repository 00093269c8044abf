/** Reads for correlation, where a value unknown at preview simply cannot match (dependencies cover that case). */
import { asString, Props, read } from "../../lib/values";

export function knownOrUndefined<T>(get: () => T): T | undefined {
  const v = read(get);
  return v.known ? v.value : undefined;
}

/** The known, non-empty string values of `keys` (names, ids, ARNs a literal reference could hold). */
export function knownStrings(props: Props, keys: readonly string[]): string[] {
  return keys.flatMap((k) => knownOrUndefined(() => asString(props[k])) ?? []).filter((s) => s !== "");
}
