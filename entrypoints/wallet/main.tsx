import { render } from 'preact';
import { pageApi } from '@/components/api';
import { WalletApp } from '@/components/wallet/WalletApp';
import '@/components/page.css';

render(<WalletApp api={pageApi} />, document.getElementById('app')!);
