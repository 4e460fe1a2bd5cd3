import { render } from 'preact';
import browser from 'webextension-polyfill';
import { WalletApp } from '@/components/wallet/WalletApp';
import '@/components/page.css';

render(<WalletApp send={(message) => browser.runtime.sendMessage(message)} />, document.getElementById('app')!);
