import { render } from 'preact';
import browser from 'webextension-polyfill';
import { RallyPage } from '@/components/Rallies';
import '@/components/page.css';

const rallyId = Number(new URLSearchParams(location.search).get('id'));
render(<RallyPage rallyId={rallyId} send={(message) => browser.runtime.sendMessage(message)} />, document.getElementById('app')!);
