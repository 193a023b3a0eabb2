/**
 * Sessions kept apart by notebook path.
 *
 * JupyterLite's session client reuses a running session whose name matches,
 * and JupyterLab names a notebook's session after its file name: two labs'
 * `starter.ipynb` in different folders would share one kernel. This client
 * matches by path first, and starts a new session when only the name matches.
 */
import type { Session } from '@jupyterlab/services';
import { LiteSessionClient } from '@jupyterlite/services';
import { UUID } from '@lumino/coreutils';

export class PathSessionClient extends LiteSessionClient {
  async startNew(options: Session.ISessionOptions): Promise<Session.IModel> {
    const running = await this.listRunning();
    const samePath = running.find(session => session.path === options.path);
    if (samePath) {
      return samePath;
    }
    const name = options.name ?? options.path;
    if (!running.some(session => session.name === name)) {
      return super.startNew(options);
    }
    // Another path holds this name: start under a name no session has (the
    // kernel's folder still comes from the path), then give the name back.
    const started = await super.startNew({
      ...options,
      name: `${name}#${UUID.uuid4()}`
    });
    return this.update({ id: started.id, name });
  }
}
