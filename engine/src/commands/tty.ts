/** Terminal output: colours only on a terminal and never when NO_COLOR is set (https://no-color.org). */
const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
export type Style = keyof typeof CODES;

export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

export function paint(stream: { isTTY?: boolean }, style: Style, text: string): string {
  return useColour(stream) ? `\x1b[${CODES[style]}m${text}\x1b[0m` : text;
}
