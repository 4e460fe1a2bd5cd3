/**
 * A Facebook composer as the real thing: a Lexical editor (the `lexical` package Facebook builds
 * its composers with) on a contenteditable Lexical marks `data-lexical-editor`. The editor keeps
 * its own state: whatever is written into the DOM without Lexical taking it is not what is sent.
 */
import { $createParagraphNode, $getRoot, COMMAND_PRIORITY_HIGH, createEditor, KEY_ENTER_COMMAND, type LexicalEditor } from 'lexical';
import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import { registerPlainText } from '@lexical/plain-text';
import { HeadingNode, QuoteNode, registerRichText } from '@lexical/rich-text';
import { mergeRegister } from '@lexical/utils';

export interface Composer {
  editor: LexicalEditor;
  element: HTMLElement;
  /** The editor's own text (its state, not the DOM's). */
  text(): string;
  clear(): void;
}

export function mountLexical(
  slot: HTMLElement,
  options: { label: string; placeholder: string; rich: boolean; onChange?: (text: string) => void; onEnter?: () => void; className: string },
): Composer {
  const wrap = document.createElement('div');
  wrap.className = 'xh8yej3 x1n2onr6';
  wrap.style.position = 'relative';
  const element = document.createElement('div');
  element.className = options.className;
  element.contentEditable = 'true';
  element.setAttribute('role', 'textbox');
  element.setAttribute('aria-label', options.label);
  element.setAttribute('aria-placeholder', options.placeholder);
  element.spellcheck = true;
  element.tabIndex = 0;
  const placeholder = document.createElement('div');
  placeholder.setAttribute('aria-hidden', 'true');
  placeholder.textContent = options.placeholder;
  placeholder.style.cssText = 'position:absolute;top:0;left:0;pointer-events:none;color:#b0b3b8';
  wrap.append(element, placeholder);
  slot.replaceChildren(wrap);

  const editor = createEditor({ namespace: `devsite-${options.rich ? 'post' : 'plain'}`, nodes: options.rich ? [HeadingNode, QuoteNode] : [], onError: (error) => console.error(error) });
  editor.setRootElement(element);
  let current = '';
  mergeRegister(
    options.rich ? registerRichText(editor) : registerPlainText(editor),
    registerHistory(editor, createEmptyHistoryState(), 300),
    editor.registerUpdateListener(({ editorState }) => {
      current = editorState.read(() => $getRoot().getTextContent());
      placeholder.style.display = current ? 'none' : '';
      options.onChange?.(current);
    }),
    editor.registerCommand<KeyboardEvent | null>(
      KEY_ENTER_COMMAND,
      (event) => {
        if (!options.onEnter || event?.shiftKey) return false;
        event?.preventDefault();
        options.onEnter();
        return true;
      },
      COMMAND_PRIORITY_HIGH,
    ),
  );
  return {
    editor,
    element,
    text: () => current,
    clear: () =>
      editor.update(() => {
        const root = $getRoot();
        root.clear();
        root.append($createParagraphNode());
      }),
  };
}
