import { render } from 'preact';
import browser from 'webextension-polyfill';
import { Popup } from '@/components/Popup';
import '@/components/page.css';

render(<Popup send={(message) => browser.runtime.sendMessage(message)} openOptions={() => browser.runtime.openOptionsPage()} />, document.getElementById('app')!);
