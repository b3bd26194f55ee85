/**
 * Shows enough of a token to tell two apart in a terminal, never enough to use it:
 * the first and last four characters and the length.
 */
export function maskToken(token: string): string {
  if (token.length <= 12) return `${'*'.repeat(token.length)} (${token.length} chars)`;
  return `${token.slice(0, 4)}…${token.slice(-4)} (${token.length} chars)`;
}
