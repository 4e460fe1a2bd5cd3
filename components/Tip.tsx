import { Component, createRef } from 'preact';
import { LazyPopover, type LoadComponent } from './LazyPopover';
import type { TipComposerProps } from './TipComposer';
import type { ParamsOf, ResponseOf, Result } from '@/lib/protocol';
import { displayHandle } from '@/lib/identity/handles';
import { trusted } from './trusted';

export interface TipActions {
  options(): Promise<Result<ResponseOf<'tipOptions'>>>;
  send(tip: Omit<ParamsOf<'tip'>, 'handle' | 'url'>): Promise<Result<ResponseOf<'tip'>>>;
  openWallet(): void;
  /** The composer, loaded on the first click. */
  composer: LoadComponent<TipComposerProps>;
}

interface TipButtonProps {
  handle: string;
  layer: () => ShadowRoot;
  actions: TipActions;
  compact?: boolean;
}

type Position = { top: number; left: number } | null;

/** The Tip button, sized like the host's own action buttons; its composer is loaded on the first click. */
export class TipButton extends Component<TipButtonProps, { position: Position }> {
  override state: { position: Position } = { position: null };
  private readonly button = createRef<HTMLButtonElement>();

  override render({ handle, layer, actions, compact }: TipButtonProps) {
    const { position } = this.state;
    const close = () => {
      this.setState({ position: null });
      this.button.current?.focus();
    };
    return (
      <>
        <button
          type="button"
          ref={this.button}
          class={compact ? 'nu-tip nu-tip-action' : 'nu-tip nu-rank'}
          data-nu="tip"
          aria-haspopup="dialog"
          aria-expanded={position !== null}
          aria-label={`Tip ${displayHandle(handle)}`}
          onClick={trusted((e) => {
            const box = e.currentTarget.getBoundingClientRect();
            this.setState({ position: position ? null : { top: Math.min(box.bottom + 6, window.innerHeight - 330), left: Math.max(8, Math.min(box.left, window.innerWidth - 308)) } });
          })}
        >
          Tip
        </button>
        <LazyPopover load={actions.composer} layer={layer} props={position && { handle, actions, position, onClose: close, anchor: this.button.current }} />
      </>
    );
  }
}
