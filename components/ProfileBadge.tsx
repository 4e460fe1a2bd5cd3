import { Component, createRef } from 'preact';
import { unionText } from './Badge';
import { LazyPopover, type LoadComponent } from './LazyPopover';
import type { RankDetailsProps } from './RankDetails';
import { TipButton, type TipActions } from './Tip';
import { trusted } from './trusted';
import type { ProfileView } from '@/lib/identity/verify';
import { formatCount, plural, roleLabel, safeText } from '@/lib/format';

export interface ProfileBadgeProps {
  view: ProfileView;
  /** How the host page draws text where the badge sits, so the badge reads well on any theme. */
  color: string;
  /** The page-level layer for the popover, made on the first open: the header's own boxes clip and cover it. */
  layer: () => ShadowRoot;
  /** Asks the background to vouch (through the approval window); resolves to an error or null. */
  onVouch: () => Promise<string | null>;
  tipActions: TipActions;
  /** The rank popover, loaded on the first click. */
  details: LoadComponent<RankDetailsProps>;
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

type VouchState = { kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; error: string };

/** Offered to the member's sponsor, leader or officer when the bio proof is there but no vouch. */
class VouchButton extends Component<{ onVouch: () => Promise<string | null> }, VouchState> {
  override state: VouchState = { kind: 'idle' };

  override render() {
    const { state } = this;
    if (state.kind === 'done') return <span class="nu-vouched" data-nu="vouched">Vouched ✓</span>;
    return (
      <>
        <button
          type="button"
          class="nu-rank"
          data-nu="vouch"
          disabled={state.kind === 'busy'}
          title="Record on-chain that you checked this member's bio proof (opens the approval window)"
          onClick={trusted(() => {
            this.setState({ kind: 'busy' });
            void this.props.onVouch().then((error) => this.setState(error ? { kind: 'error', error } : { kind: 'done' }));
          })}
        >
          {state.kind === 'busy' ? 'Approve in the window…' : 'Vouch'}
        </button>
        {state.kind === 'error' && <span class="nu-neutral" role="alert" data-nu="vouch-error">{safeText(state.error, 120)}</span>}
      </>
    );
  }
}

type Position = { top: number; left: number } | null;

/** Classes, as all components of the content script: Preact's hooks ship only with chunks (chunk-files.ts). */
class VerifiedProfileBadge extends Component<ProfileBadgeProps, { position: Position }> {
  override state: { position: Position } = { position: null };
  private readonly root = createRef<HTMLSpanElement>();

  override render({ view, color, layer, onVouch, tipActions, details }: ProfileBadgeProps) {
    const m = view.membership!;
    const { position } = this.state;
    const close = () => this.setState({ position: null });
    // Fixed position from the button's box: the host's name row clips overflowing children.
    const toggle = (button: HTMLElement) => {
      const box = button.getBoundingClientRect();
      this.setState({ position: position ? null : { top: box.bottom + 6, left: Math.max(8, Math.min(box.left, window.innerWidth - 328)) } });
    };
    return (
      <span class="nu-badge" ref={this.root} style={{ color }} onKeyDown={trusted((e) => e.key === 'Escape' && close())}>
        <span class={`nu-union nu-role-${m.role}`} data-nu="union">
          <span class="nu-union-name">{unionText(view, 32)}</span>
          <span class="nu-role">{roleLabel(m)}</span>
        </span>
        <button
          type="button"
          class="nu-rank"
          data-nu="rank"
          aria-expanded={position !== null}
          aria-haspopup="dialog"
          aria-label={`Support rank: ${plural(m.supportBase, 'supporter', 'supporters')}, ${formatCount(m.directSupporters)} direct. Show details`}
          onClick={trusted((e) => toggle(e.currentTarget))}
        >
          ★ {plural(m.supportBase, 'supporter', 'supporters')} · {formatCount(m.directSupporters)} direct
        </button>
        <TipButton handle={view.handle} layer={layer} actions={tipActions} />
        {view.canVouch && <VouchButton onVouch={onVouch} />}
        <LazyPopover load={details} layer={layer} props={position && { view, color, position, badge: this.root.current, onClose: close }} />
      </span>
    );
  }
}
