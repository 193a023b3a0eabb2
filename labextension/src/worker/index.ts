/**
 * The worker entry point: exposes one BrowsergradWorker through comlink.
 */
import { expose } from 'comlink';

import { BrowsergradWorker } from './worker';

expose(new BrowsergradWorker());
