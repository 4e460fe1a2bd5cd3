import { render } from 'preact';
import { TreePage } from '@/components/TreePage';
import { pageApi } from '@/components/api';
import '@/components/page.css';
import '@/components/tree.css';

render(
  <TreePage load={(unionId, root) => pageApi('unionTree', { unionId, ...(root ? { root } : {}) })} />,
  document.getElementById('app')!,
);
