/**
 * The session manager of the site, on sessions kept apart by notebook path
 * (see `client.ts`); it replaces JupyterLite's own.
 */
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import {
  IKernelManager,
  IServerSettings,
  ISessionManager,
  ServerConnection,
  SessionManager
} from '@jupyterlab/services';
import type { Kernel, Session } from '@jupyterlab/services';
import { IKernelClient, LiteKernelClient } from '@jupyterlite/services';

import { PathSessionClient } from './client';

export const sessionManagerPlugin: JupyterFrontEndPlugin<Session.IManager> = {
  id: 'browsergrad-kernel:session-manager',
  description: 'Sessions kept apart by notebook path, not by file name.',
  autoStart: true,
  provides: ISessionManager,
  requires: [IKernelManager, IKernelClient],
  optional: [IServerSettings],
  activate: (
    _app,
    kernelManager: Kernel.IManager,
    kernelClient: IKernelClient,
    serverSettings: ServerConnection.ISettings | null
  ) =>
    new SessionManager({
      kernelManager,
      serverSettings: serverSettings ?? undefined,
      sessionAPIClient: new PathSessionClient({
        // JupyterLite's own session manager passes the same object
        kernelClient: kernelClient as LiteKernelClient,
        serverSettings: serverSettings ?? undefined
      })
    })
};
