import { render } from 'preact';
import { pageApi } from '@/components/api';
import { Compose } from '@/components/Compose';
import '@/components/page.css';

const id = new URLSearchParams(location.search).get('id') ?? '';
render(<Compose id={id} api={pageApi} close={() => window.close()} />, document.getElementById('app')!);
