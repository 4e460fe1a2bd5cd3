import { render } from 'preact';
import { pageApi } from '@/components/api';
import { Options } from '@/components/Options';
import '@/components/page.css';

render(<Options api={pageApi} />, document.getElementById('app')!);
