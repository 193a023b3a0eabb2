/**
 * The flows running on this page, by flow id, with the notebook each belongs
 * to; an output cleared for good (a cell run again) closes its flow.
 */
import type { FlowController } from './controller';

export class FlowRegistry {
  add(flow: FlowController, owner: object): void {
    this._flows.set(flow.flowId, { flow, owner, views: new Set() });
  }

  get(flowId: string): FlowController | undefined {
    return this._flows.get(flowId)?.flow;
  }

  /** The running flows of one notebook (or kernel connection). */
  of(owner: object): FlowController[] {
    return [...this._flows.values()]
      .filter(entry => entry.owner === owner && !entry.flow.ended)
      .map(entry => entry.flow);
  }

  shown(flowId: string, view: object): void {
    this._flows.get(flowId)?.views.add(view);
  }

  /** A view went away; if no other shows the flow soon after, it ends. */
  hidden(flowId: string, view: object): void {
    const entry = this._flows.get(flowId);
    if (!entry) {
      return;
    }
    entry.views.delete(view);
    setTimeout(() => {
      if (!entry.views.size && !entry.flow.ended) {
        entry.flow.close("The flow's output was cleared.");
      }
    }, 0);
  }

  private _flows = new Map<
    string,
    { flow: FlowController; owner: object; views: Set<object> }
  >();
}
