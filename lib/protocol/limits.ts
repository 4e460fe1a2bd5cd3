/** Limits of what crosses into the background, as plain data the content scripts import too. */

/** Most handles a content script may ask about at once; a timeline screen shows far fewer. */
export const MAX_HANDLES_PER_REQUEST = 200;
/** Longest bio text accepted; sites' own limits are far lower. */
export const MAX_BIO_CHARS = 2_000;
/** Longest armour text sent to be opened: longer than any envelope, so what is cut still reads 'too large'. */
export const MAX_ARMOUR_CHARS = 20_000;
