import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { useDismiss } from './Portal';
import popoverCss from './popover.css?inline';
import detailsCss from './rank-details.css?inline';
import type { ProfileView } from '@/lib/identity/verify';
import { displayHandle } from '@/lib/identity/handles';
import { formatCount, formatTokens, isLightColor, safeText, shortAddress } from '@/lib/format';
import { recordLine } from '@/lib/features/campaigns/record';
import { createApi } from '@/lib/protocol/client';

/** This chunk runs in the content script's world, so it asks the background as the overlay does. */
const api = createApi((message) => browser.runtime.sendMessage(message));

export interface RankDetailsProps {
  view: ProfileView;
  /** The host page's text colour where the badge sits. */
  color: string;
  position: { top: number; left: number };
  /** The badge: a press inside it is not outside the popover. */
  badge: HTMLElement | null;
  onClose: () => void;
}

/** What a profile badge's support rank means, its sponsor, track record and union. Loaded on the first click. */
export function RankDetails({ view, color, position, badge, onClose }: RankDetailsProps) {
  const m = view.membership!;
  const dark = isLightColor(color);
  const popoverRef = useRef<HTMLDivElement>(null);
  useDismiss(true, () => [badge, popoverRef.current], onClose, true);
  const record = useUnionRecord(m.unionId);
  return (
    <div
      ref={popoverRef}
      class={dark ? 'nu-popover nu-dark' : 'nu-popover'}
      role="dialog"
      aria-label="Support rank details"
      data-nu="popover"
      style={{ top: `${position.top}px`, left: `${position.left}px` }}
    >
      <style>{popoverCss + detailsCss}</style>
      <dl>
        <dt>Support base · {formatCount(m.supportBase)}</dt>
        <dd>Member accounts that support {displayHandle(view.handle)} directly, or through the accounts that support them.</dd>
        {m.supportStake !== undefined && (
          <>
            <dt data-nu="support-stake">Stake-weighted support · {formatTokens(m.supportStake)}</dt>
            <dd>Tokens of {safeText(m.unionName, 32)} locked, for the long term, across that support base.</dd>
          </>
        )}
        <dt>Direct supporters · {formatCount(m.directSupporters)}</dt>
        <dd>Member accounts that chose {displayHandle(view.handle)} as their sponsor.</dd>
        <dt>Sponsor</dt>
        <dd data-nu="sponsor">
          {m.sponsor
            ? `${m.sponsorHandle ? displayHandle(safeText(m.sponsorHandle, 80)) + ' · ' : ''}${shortAddress(m.sponsor)}`
            : `None: the leader is the root of ${safeText(m.unionName, 32)}.`}
        </dd>
        {view.ralliesAnswered !== undefined && (
          <>
            <dt>Rallies answered · {formatCount(view.ralliesAnswered)}</dt>
            <dd>Calls to action of {safeText(m.unionName, 32)} this account answered, on-chain.</dd>
          </>
        )}
        {view.tipsReceived && (
          <>
            <dt>Tips received · {formatCount(view.tipsReceived.count)}</dt>
            <dd data-nu="tips-received">Tips of any size, from any address: {view.tipsReceived.eth} ETH in all, on-chain and public.</dd>
          </>
        )}
        <dt>{safeText(m.unionName, 32)}</dt>
        <dd data-nu="union-identity">
          Union #{m.unionId} · led by {m.leader}
        </dd>
        <dt>Campaigns</dt>
        <dd data-nu="campaign-record" aria-live="polite">
          {record}
        </dd>
        <dt>Purpose of {safeText(m.unionName, 32)}</dt>
        <dd data-nu="purpose">{safeText(m.purpose, 280) || '—'}</dd>
      </dl>
      <p class="nu-note" data-nu="counts-meaning">
        Counts are accounts, not people: where a union lets anyone join, one person can add many. Weigh
        them by who vouches for this member and by the union you follow.
      </p>
      <p class="nu-proof">
        Verified {view.via === 'bio' ? 'by the proof in this bio' : `by a vouch from ${shortAddress(m.voucher ?? '')}`} for{' '}
        {shortAddress(view.owner ?? '')}.
      </p>
    </div>
  );
}

/** The union's campaign record in one line, read when the popover opens. */
function useUnionRecord(unionId: number): string {
  const [line, setLine] = useState('Loading…');
  useEffect(() => {
    let live = true;
    void api('unionRecord', { unionId }).then((result) => {
      if (live) setLine(result.ok ? recordLine(result.value) : 'The record could not be read from the chain.');
    });
    return () => {
      live = false;
    };
  }, [unionId]);
  return line;
}

