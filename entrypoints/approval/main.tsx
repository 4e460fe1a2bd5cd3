import { render } from 'preact';
import { pageApi } from '@/components/api';
import { Approval } from '@/components/Approval';
import '@/components/page.css';

const id = new URLSearchParams(location.search).get('id') ?? '';
render(<Approval id={id} api={pageApi} close={() => window.close()} />, document.getElementById('app')!);
