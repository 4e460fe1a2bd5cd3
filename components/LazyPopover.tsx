import { Component, render, type ComponentType } from 'preact';
import type { Result } from '@/lib/protocol';
import { safeText } from '@/lib/format';

/** Loads a component that ships in a chunk, injected on first use (content/runtime/chunk-files.ts). */
export type LoadComponent<P> = () => Promise<Result<ComponentType<P>>>;

interface LazyPopoverProps<P> {
  load: LoadComponent<P>;
  /** The page-level layer, made on the first open: the anchor's own boxes would clip and cover the popover. */
  layer: () => ShadowRoot;
  /** The popover's props while it is open; null when closed. */
  props: P | null;
}

/**
 * A popover whose component ships in a chunk: loaded when it first opens, then drawn in a box of
 * its own in the page-level layer; in its place, why it could not load (tried again on the next
 * open). A class, not hooks: the content script leaves Preact's hooks to the chunks.
 */
export class LazyPopover<P extends object> extends Component<LazyPopoverProps<P>, { error: string | null }> {
  override state: { error: string | null } = { error: null };
  private loaded?: ComponentType<P>;
  private box?: HTMLElement;
  private open = false;

  override componentDidMount() {
    this.componentDidUpdate();
  }

  override componentDidUpdate() {
    const { props, load } = this.props;
    if (props && !this.open && !this.loaded) {
      void load().then((result) => {
        if (result.ok) this.loaded = result.value;
        this.setState({ error: result.ok ? null : result.error });
      });
    }
    this.open = props !== null;
    const Loaded = this.loaded;
    if (props && Loaded) {
      this.box ??= this.props.layer().appendChild(document.createElement('div'));
      render(<Loaded {...props} />, this.box);
    } else this.close();
  }

  override componentWillUnmount() {
    this.close();
  }

  private close() {
    if (!this.box) return;
    render(null, this.box);
    this.box.remove();
    this.box = undefined;
  }

  override render() {
    const { error } = this.state;
    return this.props.props && error ? <span class="nu-neutral" role="alert">{safeText(error, 120)}</span> : null;
  }
}
