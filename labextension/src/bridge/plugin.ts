/**
 * The host bridge plugin (IHostBridge), in the main extension: in a
 * JupyterLite site embedded by a hub it binds the hub's port; anywhere (a
 * JupyterLab server too) it saves donations to the drive when no host is
 * bound. Its settings are `hostBridge` in the kernel's site settings.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';

import SCHEMA from '../../../browsergrad_kernel/schema/kernel-settings.v1.schema.json';
import { ISiteSettings } from '../kernel/tokens';
import { HostBridge } from './bridge';
import { driveSaver } from './drive';
import { HOST_PROTOCOL_VERSION } from './protocol';
import { defaultStore } from './store';
import { IHostBridge, type IHostBridgeSettings } from './tokens';

export const HOST_BRIDGE_PLUGIN_ID = 'browsergrad-kernel:host-bridge';

/** The schema's defaults, for a page without kernel settings (a server). */
const DEFAULTS = SCHEMA.properties.hostBridge.default as IHostBridgeSettings;

export const hostBridgePlugin: JupyterFrontEndPlugin<IHostBridge> = {
  id: HOST_BRIDGE_PLUGIN_ID,
  description:
    'The host bridge: donations, logs and exits to a hub that embeds the site.',
  autoStart: true,
  provides: IHostBridge,
  optional: [ISiteSettings],
  activate: (app: JupyterFrontEnd, site: ISiteSettings | null) => {
    const settings = {
      ...DEFAULTS,
      ...(site?.settings?.hostBridge ?? {})
    };
    const { store, durable } = defaultStore();
    const embedded = window.parent !== window;
    const bridge = new HostBridge({
      settings,
      store,
      embedded,
      saveToDrive: driveSaver(
        app.serviceManager.contents,
        settings.driveFolder
      ),
      tell: (message, kind) => {
        Notification.emit(message, kind, { autoClose: 10000 });
      }
    });
    if (!durable) {
      console.warn(
        'browsergrad host bridge: no IndexedDB here; unacknowledged donations last until the page closes'
      );
    }
    if (embedded) {
      window.addEventListener('message', event => {
        bridge.receive({
          origin: event.origin,
          data: event.data,
          ports: event.ports,
          fromParent: event.source === window.parent
        });
      });
      // Tell the embedding page that live-init is now heard; only an
      // allowed origin receives it (postMessage checks the target origin).
      for (const origin of settings.origins) {
        try {
          window.parent.postMessage(
            { type: 'live-ready', version: HOST_PROTOCOL_VERSION },
            origin
          );
        } catch (error) {
          console.warn(`browsergrad host bridge: ${origin}: ${error}`);
        }
      }
    }
    window.addEventListener('pagehide', () => bridge.flush());
    return bridge;
  }
};
