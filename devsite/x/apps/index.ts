/** The emulated x.com's React apps: the Draft.js composers, and XChat where its embed host is. */
import { mountComposers } from './composer';
import { mountXChat } from './xchat';

mountComposers(document);
// X's single-page navigation swaps the primary column: composers it brings are mounted too.
new MutationObserver(() => mountComposers(document)).observe(document.body, { childList: true, subtree: true });
const embed = document.querySelector<HTMLElement>('[data-testid="xchatEmbedRoute"]');
if (embed) mountXChat(embed);
