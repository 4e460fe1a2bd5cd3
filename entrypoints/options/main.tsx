import { render } from 'preact';
import browser from 'webextension-polyfill';
import { Options } from '@/components/Options';
import '@/components/page.css';

render(<Options send={(message) => browser.runtime.sendMessage(message)} />, document.getElementById('app')!);
