/**
 * The emulated facebook.com's scripts: the feed (more stories as it scrolls, far ones hollowed
 * out, timestamps linked on hover), every composer on Lexical, and Messenger.
 */
import { FACEBOOK_API_PATH } from '../api';
import { mountLexical } from './lexical';
import { mountMessenger } from './messenger';

/** Stories not in the page yet, as markup; appended five at a time as the reader nears the end. */
const pending: string[] = JSON.parse(document.getElementById('devsite-stories')?.textContent ?? '[]');
const feed = document.querySelector<HTMLElement>('[role="feed"]');
/** Hollowed stories: their content, kept while far from the viewport (as Facebook frees it). */
const hollowed = new Map<Element, DocumentFragment>();

function mountEditors(root: ParentNode) {
  for (const slot of root.querySelectorAll<HTMLElement>('[data-devsite-editor="comment"]')) {
    slot.removeAttribute('data-devsite-editor');
    const label = slot.dataset.devsiteLabel ?? '';
    const box = mountLexical(slot, { label, placeholder: label, rich: false, className: 'xzsf02u x1a2a7pz x1n2onr6 x14wi4xw notranslate', onEnter: () => box.text().trim() && box.clear() });
  }
}

function appendStories(count: number) {
  if (!feed) return;
  const template = document.createElement('template');
  template.innerHTML = pending.splice(0, count).join('');
  const stories = [...template.content.children];
  feed.append(template.content);
  // Lexical takes a root element that is in the document.
  stories.forEach(mountEditors);
}

let scheduled = false;
function onScroll() {
  if (scheduled || !feed) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    if (pending.length && feed.getBoundingClientRect().bottom < innerHeight * 2) appendStories(5);
    for (const story of feed.querySelectorAll(':scope > [data-devsite-story]')) {
      const box = story.getBoundingClientRect();
      const far = box.bottom < -innerHeight * 6 || box.top > innerHeight * 8;
      const kept = hollowed.get(story);
      if (far && !kept && story.firstElementChild) {
        (story as HTMLElement).style.height = `${box.height}px`;
        const content = document.createDocumentFragment();
        content.append(...story.childNodes);
        hollowed.set(story, content);
      } else if (!far && kept) {
        story.append(kept);
        (story as HTMLElement).style.height = '';
        hollowed.delete(story);
      }
    }
  });
}

/** The timestamp's href is "#" until the pointer or focus reaches it, as on Facebook. */
function linkTimestamp(event: Event) {
  const link = (event.target as Element | null)?.closest?.('a[data-devsite-permalink]');
  if (link) link.setAttribute('href', link.getAttribute('data-devsite-permalink')!);
}

function openComposer() {
  const layers = document.getElementById('devsite-layers')!;
  if (layers.querySelector('[role="dialog"]')) return;
  const dialog = document.createElement('div');
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-label', 'Create post');
  dialog.className = 'x1n2onr6 x1ja2u2z x1afcbsf';
  dialog.style.cssText = 'position:fixed;top:80px;left:50%;transform:translateX(-50%);width:500px;background:#242526;border-radius:8px;padding:16px;z-index:10';
  dialog.innerHTML =
    `<form method="POST" class="x1n2onr6"><div class="x78zum5 x1q0g3np"><h2 dir="auto" class="x1heor9g">Create post</h2><div aria-label="Close" role="button" tabindex="0" style="margin-left:auto">✕</div></div>` +
    `<div class="x1iyjqo2 xs83m0k" style="min-height:120px;margin:12px 0"><div class="xh8yej3"></div></div>` +
    `<div class="x78zum5 x1q0g3np"><div aria-label="Post" role="button" tabindex="-1" aria-disabled="true" class="x1i10hfl xjbqb8w x1n2onr6" style="flex:1;text-align:center;background:#0866ff;border-radius:6px;opacity:.4">Post</div></div></form>`;
  layers.append(dialog);
  const post = dialog.querySelector<HTMLElement>('[aria-label="Post"]')!;
  const firstName = document.querySelector('[data-devsite-open-composer] span')?.textContent?.replace(/^What's on your mind, |\?$/g, '') ?? '';
  const composer = mountLexical(dialog.querySelector('.xh8yej3')!, {
    label: `What's on your mind, ${firstName}?`,
    placeholder: `What's on your mind, ${firstName}?`,
    rich: true,
    className: 'xzsf02u x1a2a7pz x1n2onr6 x14wi4xw x9f619 x1lliihq x5yr21d xh8yej3 notranslate',
    onChange(text) {
      const enabled = text.trim() !== '';
      post.setAttribute('aria-disabled', String(!enabled));
      post.tabIndex = enabled ? 0 : -1;
      post.style.opacity = enabled ? '1' : '.4';
    },
  });
  post.addEventListener('click', () => {
    if (post.getAttribute('aria-disabled') === 'true') return;
    const text = composer.text();
    void fetch(FACEBOOK_API_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ doc: 'ComposerStoryCreateMutation', variables: { message: { text } } }) });
    dialog.remove();
  });
  dialog.querySelector('[aria-label="Close"]')!.addEventListener('click', () => dialog.remove());
  composer.element.focus();
}

mountEditors(document);
addEventListener('scroll', onScroll, { passive: true });
addEventListener('resize', onScroll);
document.addEventListener('mouseover', linkTimestamp);
document.addEventListener('focusin', linkTimestamp);
document.addEventListener('click', (event) => {
  if ((event.target as Element | null)?.closest?.('[data-devsite-open-composer]')) openComposer();
});
const thread = document.getElementById('devsite-messenger');
if (thread) mountMessenger(JSON.parse(thread.textContent!));
onScroll();
