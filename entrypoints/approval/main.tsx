import { render } from 'preact';
import browser from 'webextension-polyfill';
import { Approval } from '@/components/Approval';
import '@/components/page.css';

const id = new URLSearchParams(location.search).get('id') ?? '';
render(<Approval id={id} send={(message) => browser.runtime.sendMessage(message)} close={() => window.close()} />, document.getElementById('app')!);
