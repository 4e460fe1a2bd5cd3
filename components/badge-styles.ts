import postBadgeCss from './post-badge.css?inline';
import badgeOnlyCss from './badge.css?inline';

/** A post's shadow root: its compact badge and Tip, each post put back is matched against these alone. */
export const POST_BADGE_CSS = postBadgeCss;
/** Every other root of ours on a page: the profile badge, its rank and Vouch, and the Lock besides. */
export const BADGE_CSS = postBadgeCss + badgeOnlyCss;
