import { browserPendingStore } from '@tessera/web/sync';

/** One store for the whole tab: every annotation set's pending ops in IndexedDB (memory where the browser refuses). */
export const pendingStore = browserPendingStore();
