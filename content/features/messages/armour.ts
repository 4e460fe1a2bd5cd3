/**
 * Armoured envelopes in page text (base64url after ":", letters after "~"), found without their
 * 🔒: X draws emoji as images, so the lock is not in the text. Loose on purpose: the background
 * parses them properly.
 */
export const ARMOUR = /NU\d+(:[\w-]{16,}|~[\xC0-\u10FF]{16,})/g;
