import { render } from 'preact';
import browser from 'webextension-polyfill';
import { TreePage } from '@/components/TreePage';
import { sendRequest } from '@/lib/messages';
import '@/components/page.css';
import '@/components/tree.css';

render(
  <TreePage load={(unionId) => sendRequest((m) => browser.runtime.sendMessage(m), { type: 'unionTree', unionId })} />,
  document.getElementById('app')!,
);
