import { render } from 'preact';
import browser from 'webextension-polyfill';
import { pageApi } from '@/components/api';
import { Popup } from '@/components/Popup';
import '@/components/page.css';

render(
  <Popup
    api={pageApi}
    openOptions={() => void browser.runtime.openOptionsPage()}
    openPage={(path) => void browser.tabs.create({ url: browser.runtime.getURL(`/${path}`) })}
  />,
  document.getElementById('app')!,
);
