import { formatCount, safeText } from '../../format';
import type { UnionRecord } from './protocol';

/** A union's campaign record in one line, e.g. "2 won, 1 lost · 1.5 ETH raised · 4 backers". */
export function recordLine(r: UnionRecord): string {
  if (r.won + r.partlyWon + r.lost + r.withdrawn + r.open === 0) return 'No campaigns yet.';
  const won = r.partlyWon ? `${r.won} won, ${r.partlyWon} partly won` : `${r.won} won`;
  const open = r.open ? `, ${r.open} open` : '';
  const token = r.tokenRaised ? ` and ${r.tokenRaised.amount} ${safeText(r.tokenRaised.symbol, 12)}` : '';
  return `${won}, ${r.lost} lost${open} · ${r.ethRaised} ETH${token} raised · ${formatCount(r.backers)} backers`;
}
