/**
 * Component custom IDs (at most 100 characters). The prefix names the handler; the rest is
 * the state the handler needs, so no server-side memory is kept per message.
 */
export const CUSTOM_ID = {
  /** Select of entries; the picker sees the chosen entry privately. */
  view: 'se:view',
  /** "Did you mean" select: `se:pick:<private 0|1>:<target user id or empty>`. */
  pick: 'se:pick',
  /** Browse paging: `se:browse:<category|all>:<page>:<owner id>`. */
  browse: 'se:browse',
  /** Dismiss an auto-reply: `se:dismiss:<author id>`. */
  dismiss: 'se:dismiss',
  /** Feedback on an answer: `se:vote:<1 helped | 0 did not>:<code>`. */
  vote: 'se:vote',
  /** "Send Spotify fix" choice: `se:fix:<channel id>:<message id>:<author id>`. */
  fix: 'se:fix',
} as const;

export function encodeId(prefix: string, ...parts: Array<string | number>): string {
  const id = [prefix, ...parts].join(':');
  if (id.length > 100) throw new Error(`custom_id too long: ${id}`);
  return id;
}

export function decodeId(customId: string): { prefix: string; parts: string[] } {
  const [a = '', b = '', ...parts] = customId.split(':');
  return { prefix: `${a}:${b}`, parts };
}
