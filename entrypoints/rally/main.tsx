import { render } from 'preact';
import { pageApi } from '@/components/api';
import { RallyPage } from '@/components/Rallies';
import '@/components/page.css';

const rallyId = Number(new URLSearchParams(location.search).get('id'));
render(<RallyPage rallyId={rallyId} api={pageApi} />, document.getElementById('app')!);
