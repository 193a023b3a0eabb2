/**
 * The renderer of a flow's output (`FLOW_MIME`): it shows the live flow
 * when this page runs it, and otherwise the saved transcript with a note
 * that the flow is not running.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import { element } from '../ui/dom';
import type { FlowRegistry } from './registry';
import { FLOW_MIME } from './tokens';

export class FlowOutput extends Widget implements IRenderMime.IRenderer {
  constructor(private readonly _flows: FlowRegistry) {
    super();
    this.addClass('bg-FlowOutput');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const data = model.data[FLOW_MIME] as { flow_id?: unknown } | undefined;
    const flowId = typeof data?.flow_id === 'string' ? data.flow_id : '';
    const flow = this._flows.get(flowId);
    if (flow) {
      this._flowId = flowId;
      if (flow.node.parentNode !== this.node) {
        this.node.replaceChildren(flow.node);
      }
      this._flows.shown(flowId, this);
      flow.attach(model);
      return;
    }
    const note = element(
      'p',
      'bg-Flow-status',
      'This flow is not running (the notebook was reopened, or its kernel restarted). What it did:'
    );
    const transcript = element(
      'pre',
      'bg-Flow-transcript',
      String(model.data['text/plain'] ?? '')
    );
    this.node.replaceChildren(note, transcript);
  }

  dispose(): void {
    if (this._flowId) {
      this._flows.hidden(this._flowId, this);
    }
    super.dispose();
  }

  private _flowId = '';
}
