import browser from 'webextension-polyfill';
import { createApi } from '@/lib/protocol/client';

/** The extension pages' client of the background. */
export const pageApi = createApi((message) => browser.runtime.sendMessage(message));
