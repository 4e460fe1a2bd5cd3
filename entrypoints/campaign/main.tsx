import { render } from 'preact';
import { pageApi } from '@/components/api';
import { CampaignsPage } from '@/components/Campaigns';
import '@/components/page.css';
import '@/components/campaigns.css';

const union = Number(new URLSearchParams(location.search).get('union'));
render(<CampaignsPage api={pageApi} unionId={Number.isSafeInteger(union) && union > 0 ? union : null} />, document.getElementById('app')!);
