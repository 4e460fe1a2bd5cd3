/** Formatting of chain data for display. No dependencies: content scripts use it. */

// Bidirectional controls (U+202A-U+202E, U+2066-U+2069) and other invisible format characters
// could make chain text (union names, purposes) display as something it is not.
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** Text from the chain or a host page, made safe to show as text: no controls, bounded length. */
export function safeText(text: string, maxLength = 120): string {
  const clean = withoutControls(text).replace(/\s+/g, ' ').trim();
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}

/** Text whose line breaks and length matter (a message to sign), with the controls removed. */
export function withoutControls(text: string): string {
  return text.replace(INVISIBLE_CONTROLS, '');
}

/**
 * A count with its thousands grouped: "12,345". Not Intl: in a content script each call cost near
 * a millisecond, and a timeline's badges make one per post.
 */
export function formatCount(n: number | bigint): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** A member's role as shown: an officer's own title when the union gave one. */
export function roleLabel(membership: { role: 'leader' | 'officer' | 'member' | 'none'; officerTitle: string }): string {
  if (membership.role === 'officer' && membership.officerTitle) return safeText(membership.officerTitle, 24);
  return { leader: 'Leader', officer: 'Officer', member: 'Member', none: '' }[membership.role];
}

/** Token units (a decimal string) as whole tokens with at most 2 decimals, grouped: "1,250.5". */
export function formatTokens(units: string, decimals = 18): string {
  const digits = /^\d+$/.test(units) ? units.replace(/^0+(?=\d)/, '') : '0';
  const padded = digits.padStart(decimals + 1, '0');
  const whole = formatCount(BigInt(padded.slice(0, padded.length - decimals)));
  const cents = padded.slice(padded.length - decimals, padded.length - decimals + 2).replace(/0+$/, '');
  return cents ? `${whole}.${cents}` : whole;
}

/** 0x1234…abcd */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** Whether a CSS `rgb(…)` text colour is light: light text on a host page means a dark theme. */
export function isLightColor(color: string): boolean {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return 0.299 * r + 0.587 * g + 0.114 * b > 128;
}
