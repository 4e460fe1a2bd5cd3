/**
 * The pages each site's overlay runs on, as match patterns: its content script's, and the pages
 * the sign-in scripts stay off (a social site asks no one to sign in with a union, and its page
 * should get no provider to call).
 */
export const X_PAGES = ['https://x.com/*', 'https://chat.x.com/*', 'https://twitter.com/*', 'https://mobile.twitter.com/*'];
// m.facebook.com serves a different, server-rendered markup the adapter does not read: no
// permission is asked for a host the overlay cannot serve.
export const FACEBOOK_PAGES = ['https://www.facebook.com/*', 'https://facebook.com/*', 'https://web.facebook.com/*'];
export const OVERLAY_PAGES = [...X_PAGES, ...FACEBOOK_PAGES];
