// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ISOLATED_EVENTS, mountShadowUi } from '../../content/runtime/shadow-ui';

const ctx = { onInvalidated: () => undefined } as unknown as ContentScriptContext;

function mountInPage(css: string) {
  const anchor = document.createElement('div');
  document.body.append(anchor);
  const ui = mountShadowUi(ctx, { name: 'network-union-badge', anchor, css, isolateEvents: ISOLATED_EVENTS });
  return { anchor, ui, host: anchor.querySelector('network-union-badge')! };
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('our UI on a host page', () => {
  it('renders into a closed shadow root, with no element of ours between the root and our component', () => {
    const { host, ui } = mountInPage('.a{color:red}');
    render(<span data-nu="compact">Union · Member</span>, ui.container);
    expect(host.shadowRoot).toBeNull();
    expect([...ui.container.children].map((child) => child.tagName)).toEqual(['SPAN']);
    expect(host.textContent).toBe('');
  });

  it('keeps our clicks and keys from reaching the page', () => {
    const { anchor, ui } = mountInPage('.b{color:red}');
    const heard: string[] = [];
    for (const type of ['click', 'keydown']) anchor.addEventListener(type, () => heard.push(type));
    render(<button type="button">Tip</button>, ui.container);
    const button = ui.container.querySelector('button')!;
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    button.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, composed: true, key: 'Enter' }));
    expect(heard).toEqual([]);
  });

  it('removes every host of ours when the extension goes away, in the page and in an app\'s shadow root, with one callback per root rather than per host', () => {
    const callbacks: (() => void)[] = [];
    const watching = { onInvalidated: (callback: () => void) => void callbacks.push(callback) } as unknown as ContentScriptContext;
    const app = document.createElement('div');
    document.body.append(app);
    const appRoot = app.attachShadow({ mode: 'open' });
    const anchors = [document.createElement('p'), document.createElement('p'), document.createElement('p')];
    document.body.append(anchors[0]!, anchors[1]!);
    appRoot.append(anchors[2]!);
    mountShadowUi(watching, { name: 'network-union-badge', anchor: anchors[0]!, css: '', isolateEvents: ISOLATED_EVENTS });
    mountShadowUi(watching, { name: 'network-union-message', anchor: anchors[1]!, css: '', isolateEvents: ISOLATED_EVENTS });
    mountShadowUi(watching, { name: 'network-union-message', anchor: anchors[2]!, css: '', isolateEvents: ISOLATED_EVENTS });
    expect(callbacks).toHaveLength(2);
    for (const callback of callbacks) callback();
    expect(document.querySelectorAll('network-union-badge, network-union-message')).toHaveLength(0);
    expect(appRoot.querySelectorAll('network-union-message')).toHaveLength(0);
    expect(anchors.every((anchor) => anchor.isConnected)).toBe(true);
  });

  it('keeps its style element beside our component where a stylesheet cannot be adopted, across renders', () => {
    // As in Firefox's content scripts, whose wrappers refuse adopted sheets.
    vi.stubGlobal(
      'CSSStyleSheet',
      class {
        replaceSync() {
          throw new Error('not here');
        }
      },
    );
    const { ui } = mountInPage('.c{color:red}');
    render(<span>first</span>, ui.container);
    render(<span>second</span>, ui.container);
    expect(ui.container.querySelector('style')?.textContent).toContain('.c{color:red}');
    expect(ui.container.querySelector('span')?.textContent).toBe('second');
    ui.remove();
    expect(document.querySelector('network-union-badge')).toBeNull();
  });
});
