/**
 * X's post and reply composer as the real thing: a Draft.js editor (the `draft-js` package, which
 * X still uses) and X's Post (or Reply) button, enabled only while Draft.js's own state has text. It sends
 * the editor's plain text, so whatever was written into the DOM without Draft.js seeing it is not
 * posted. Mounted over the static composer markup of ./site.ts, keeping its test ids.
 */
import { ContentState, Editor, EditorState } from 'draft-js';
import { createElement as h, Fragment, useState } from 'react';
import { createPortal } from 'react-dom';
import { createRoot } from 'react-dom/client';

/** Where the page's own scripts send a post: the fixture's stand-in for X's CreateTweet call. */
export const CREATE_POST_PATH = '/i/api/graphql/devsite/CreateTweet';

function Composer(props: { index: string; editorSlot: Element; buttonSlot: Element; buttonClass: string; label: string; placeholder: string }) {
  const { index, editorSlot, buttonSlot, buttonClass, label, placeholder } = props;
  const [state, setState] = useState(() => EditorState.createEmpty());
  const text = state.getCurrentContent().getPlainText();
  const enabled = text.trim() !== '';
  const post = () => {
    void fetch(CREATE_POST_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ variables: { tweet_text: text } }) });
    setState(EditorState.push(state, ContentState.createFromText(''), 'remove-range'));
  };
  return h(
    Fragment,
    null,
    createPortal(
      h(Editor, { editorState: state, onChange: setState, placeholder, webDriverTestID: `tweetTextarea_${index}`, ariaLabel: 'Post text', ariaMultiline: true, editorKey: 'composer', spellCheck: true }),
      editorSlot,
    ),
    createPortal(
      h(
        'button',
        {
          role: 'button',
          type: 'button',
          'data-testid': 'tweetButtonInline',
          disabled: !enabled,
          'aria-disabled': String(!enabled),
          className: buttonClass,
          style: { backgroundColor: 'rgb(239, 243, 244)', opacity: enabled ? 1 : 0.5 },
          onClick: post,
        },
        h('span', { style: { color: 'rgb(15, 20, 25)' } }, label),
      ),
      buttonSlot,
    ),
  );
}

/** Replaces each static composer (its editor container and Post button) with the Draft.js one. */
export function mountComposers(root: ParentNode): void {
  for (const container of root.querySelectorAll<HTMLElement>('[data-testid$="RichTextInputContainer"]:not([data-devsite-mounted])')) {
    const index = /^tweetTextarea_(\d+)RichTextInputContainer$/.exec(container.dataset.testid ?? '')?.[1];
    const form = container.closest('[data-devsite-composer]');
    const buttonSlot = form?.querySelector('[data-testid="tweetButtonInline"]')?.parentElement;
    if (index === undefined || !buttonSlot) continue;
    container.dataset.devsiteMounted = 'true';
    const placeholder = container.querySelector('.public-DraftEditorPlaceholder-inner')?.textContent ?? '';
    const editorSlot = document.createElement('div');
    const staticButton = buttonSlot.querySelector('[data-testid="tweetButtonInline"]');
    const buttonClass = staticButton?.className ?? '';
    const label = staticButton?.textContent ?? 'Post';
    staticButton?.remove();
    container.replaceChildren(editorSlot);
    createRoot(document.createElement('div')).render(h(Composer, { index, editorSlot, buttonSlot, buttonClass, label, placeholder }));
  }
}
