import { useId, useRef, useState } from 'preact/hooks';
import { Portal, useDismiss } from './Portal';
import { TipButton, type TipActions } from './Tip';
import type { ProfileView } from '@/lib/identity/verify';
import { displayHandle } from '@/lib/identity/handles';
import { formatCount, plural, roleLabel, safeText, shortAddress } from '@/lib/format';

/** How the host page draws text where the badge sits, so the badge reads well on any theme. */
export interface HostTheme {
  color: string;
  dark: boolean;
}

export interface ProfileBadgeProps {
  view: ProfileView;
  theme: HostTheme;
  /** A page-level layer for the popover: the header's own boxes clip and cover it. */
  layer: HTMLElement;
  /** Asks the background to vouch (through the approval window); resolves to an error or null. */
  onVouch: () => Promise<string | null>;
  tipActions: TipActions;
}

/** The badge of a profile header: union and role, support rank, and a popover that explains them. */
export function ProfileBadge(props: ProfileBadgeProps) {
  const { view } = props;
  if (view.state === 'unverified-claim') {
    return (
      <span class="nu-neutral" data-nu="neutral" title="An address claims this handle on-chain, but neither a proof in this bio nor a vouch backs it.">
        unverified claim
      </span>
    );
  }
  if (view.state === 'offline') {
    return (
      <span class="nu-neutral" data-nu="neutral" title="The union's chain does not answer, so membership cannot be verified.">
        unverified · chain offline
      </span>
    );
  }
  if (view.state !== 'verified' || !view.membership) return null;
  return <VerifiedProfileBadge {...props} />;
}

/** Offered to the member's sponsor, leader or officer when the bio proof is there but no vouch. */
function VouchButton({ onVouch }: { onVouch: () => Promise<string | null> }) {
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; error: string }>({ kind: 'idle' });
  if (state.kind === 'done') return <span class="nu-vouched" data-nu="vouched">Vouched ✓</span>;
  return (
    <>
      <button
        type="button"
        class="nu-rank"
        data-nu="vouch"
        disabled={state.kind === 'busy'}
        title="Record on-chain that you checked this member's bio proof (opens the approval window)"
        onClick={() => {
          setState({ kind: 'busy' });
          void onVouch().then((error) => setState(error ? { kind: 'error', error } : { kind: 'done' }));
        }}
      >
        {state.kind === 'busy' ? 'Approve in the window…' : 'Vouch'}
      </button>
      {state.kind === 'error' && <span class="nu-neutral" role="alert" data-nu="vouch-error">{safeText(state.error, 120)}</span>}
    </>
  );
}

function VerifiedProfileBadge({ view, theme, layer, onVouch, tipActions }: ProfileBadgeProps) {
  const m = view.membership!;
  // Fixed position from the button's box: the host's name row clips overflowing children.
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const open = position !== null;
  const popoverId = useId();
  const rootRef = useRef<HTMLSpanElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);

  const toggle = (button: HTMLElement) => {
    const box = button.getBoundingClientRect();
    setPosition(open ? null : { top: box.bottom + 6, left: Math.max(8, Math.min(box.left, window.innerWidth - 328)) });
  };

  useDismiss(open, () => [rootRef.current, popoverRef.current], () => setPosition(null), true);

  return (
    <span class="nu-badge" ref={rootRef} style={{ color: theme.color }} onKeyDown={(e) => e.key === 'Escape' && setPosition(null)}>
      <span class={`nu-union nu-role-${m.role}`} data-nu="union">
        <span class="nu-union-name">{safeText(m.unionName, 32)}</span>
        <span class="nu-role">{roleLabel(m)}</span>
      </span>
      <button
        type="button"
        class="nu-rank"
        data-nu="rank"
        aria-expanded={open}
        aria-controls={popoverId}
        aria-label={`Support rank: ${plural(m.supportBase, 'supporter', 'supporters')}, ${formatCount(m.directSupporters)} direct. Show details`}
        onClick={(e) => toggle(e.currentTarget)}
      >
        ★ {plural(m.supportBase, 'supporter', 'supporters')} · {formatCount(m.directSupporters)} direct
      </button>
      <TipButton handle={view.handle} layer={layer} actions={tipActions} />
      {view.canVouch && <VouchButton onVouch={onVouch} />}
      {open && (
        <Portal into={layer}>
        <div
          ref={popoverRef}
          class={theme.dark ? 'nu-popover nu-dark' : 'nu-popover'}
          id={popoverId}
          role="dialog"
          aria-label="Support rank details"
          data-nu="popover"
          style={{ top: `${position.top}px`, left: `${position.left}px` }}
        >
          <dl>
            <dt>Support base · {formatCount(m.supportBase)}</dt>
            <dd>Members who support {displayHandle(view.handle)} directly, or through the people who support them.</dd>
            <dt>Direct supporters · {formatCount(m.directSupporters)}</dt>
            <dd>Members who chose {displayHandle(view.handle)} as their sponsor.</dd>
            <dt>Sponsor</dt>
            <dd data-nu="sponsor">
              {m.sponsor
                ? `${m.sponsorHandle ? displayHandle(safeText(m.sponsorHandle, 80)) + ' · ' : ''}${shortAddress(m.sponsor)}`
                : `None: the leader is the root of ${safeText(m.unionName, 32)}.`}
            </dd>
            {view.ralliesAnswered !== undefined && (
              <>
                <dt>Rallies answered · {formatCount(view.ralliesAnswered)}</dt>
                <dd>Calls to action of {safeText(m.unionName, 32)} this member answered, on-chain.</dd>
              </>
            )}
            {view.tipsReceived && (
              <>
                <dt>Tips received · {formatCount(view.tipsReceived.count)}</dt>
                <dd data-nu="tips-received">{view.tipsReceived.eth} ETH in all, on-chain and public.</dd>
              </>
            )}
            <dt>Purpose of {safeText(m.unionName, 32)}</dt>
            <dd data-nu="purpose">{safeText(m.purpose, 280) || '—'}</dd>
          </dl>
          <p class="nu-proof">
            Verified {view.via === 'bio' ? 'by the proof in this bio' : `by a vouch from ${shortAddress(m.voucher ?? '')}`} for{' '}
            {shortAddress(view.owner ?? '')}.
          </p>
        </div>
        </Portal>
      )}
    </span>
  );
}

/** The compact badge beside a post's author. */
export function PostBadge({ view }: { view: ProfileView }) {
  if (view.state !== 'verified' || !view.membership) return null;
  const m = view.membership;
  return (
    <span
      class={`nu-compact nu-role-${m.role}`}
      data-nu="compact"
      title={`${safeText(m.unionName, 32)} · ${roleLabel(m)} · ${plural(m.supportBase, 'supporter', 'supporters')}`}
    >
      {safeText(m.unionName, 24)} · {roleLabel(m)}
    </span>
  );
}
