import { render } from 'preact';
import browser from 'webextension-polyfill';
import { Popup } from '@/components/Popup';
import '@/components/page.css';

render(
  <Popup
    send={(message) => browser.runtime.sendMessage(message)}
    openOptions={() => void browser.runtime.openOptionsPage()}
    openPage={(path) => void browser.tabs.create({ url: browser.runtime.getURL(`/${path}`) })}
  />,
  document.getElementById('app')!,
);
