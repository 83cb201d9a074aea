/** The outcome of parsing a tool call's argument text. */
export interface ParsedArguments {
  input: unknown;
  parseError?: string;
}

/** Parses tool arguments: `""` (or only white space) is `{}`; invalid JSON keeps the text and says why. */
export function parseArguments(text: string): ParsedArguments {
  if (text.length === 0 || text.trim().length === 0) return { input: {} };
  try {
    return { input: JSON.parse(text) };
  } catch (error) {
    return { input: undefined, parseError: error instanceof Error ? error.message : String(error) };
  }
}
