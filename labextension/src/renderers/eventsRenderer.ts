/**
 * The renderer of `application/vnd.browsergrad.events.v1+json`: a summary
 * line over the rows of a cell's events. The same renderer is handed the
 * growing list again and again while the cell runs.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import { EVENTS_MIME, readEvents } from '../events/schema';
import { EventList } from './eventList';
import { Summary } from './summary';

export class EventsRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this._mimeType = options.mimeType;
    this.addClass('bg-Events');
    this.node.append(this._summary.node, this._list.node);
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const events = readEvents(model.data[this._mimeType]);
    const added = this._list.update(events);
    if (added === null) {
      this._summary.reset();
    }
    for (const event of added ?? events) {
      this._summary.add(event);
    }
    this._summary.render();
  }

  private readonly _mimeType: string;
  private readonly _summary = new Summary();
  private readonly _list = new EventList();
}

export const eventsRendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [EVENTS_MIME],
  createRenderer: options => new EventsRenderer(options)
};
