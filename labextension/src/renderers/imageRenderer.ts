/**
 * The renderer of `application/vnd.browsergrad.image.v1+json`: the image's
 * name and details over the picture, which comes from the bundle's native
 * `image/*` entry. Every image, SVG included, is shown through an <img> with
 * a data: URL, so nothing in it can run.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import {
  asEvent,
  asNumber,
  asText,
  IMAGE_MIME,
  IMAGE_TYPES
} from '../events/schema';
import { append, element } from '../ui/dom';
import { formatBytes } from '../ui/format';
import { truncatedMarker } from './eventRows';

export class ImageRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this._mimeType = options.mimeType;
    this.addClass('bg-Image');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const event = asEvent(model.data[this._mimeType]);
    const name = asText(event.name);
    const mime = pictureType(event.mime, model.data);
    const size = asNumber(event.size);
    const source = mime ? dataUrl(mime, model.data[mime]) : null;
    const details = [
      mime ?? asText(event.mime),
      size === null ? '' : formatBytes(size)
    ]
      .filter(Boolean)
      .join(', ');

    const header = append(
      element('div', 'bg-Image-header'),
      element('span', 'bg-Image-name', name),
      details ? element('span', 'bg-Image-details', details) : null,
      event.truncated === true ? truncatedMarker(event) : null
    );
    let picture: HTMLElement | null = null;
    if (source) {
      const img = element('img', 'bg-Image-picture');
      img.alt = name;
      img.src = source;
      picture = img;
    } else if (event.truncated !== true) {
      picture = element('div', 'bg-Image-missing', 'no image data');
    }
    this.node.replaceChildren(
      ...[header, picture].filter(node => node !== null)
    );
  }

  private readonly _mimeType: string;
}

/** The image type to show: the event's, else the first one in the bundle. */
function pictureType(
  declared: unknown,
  data: IRenderMime.IMimeModel['data']
): string | null {
  if (
    typeof declared === 'string' &&
    IMAGE_TYPES.includes(declared) &&
    declared in data
  ) {
    return declared;
  }
  return IMAGE_TYPES.find(type => type in data) ?? null;
}

/** A data: URL for a bundle's image entry, or null if it is not usable. */
export function dataUrl(mime: string, value: unknown): string | null {
  // nbformat allows a string split into a list of lines.
  const text = Array.isArray(value) ? value.join('') : value;
  if (typeof text !== 'string' || text.length === 0) {
    return null;
  }
  if (mime === 'image/svg+xml') {
    return `data:image/svg+xml;base64,${utf8ToBase64(text)}`;
  }
  const base64 = text.replace(/\s+/g, '');
  return /^[A-Za-z0-9+/]*={0,2}$/.test(base64)
    ? `data:${mime};base64,${base64}`
    : null;
}

function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  const step = 0x8000;
  for (let start = 0; start < bytes.length; start += step) {
    binary += String.fromCharCode(...bytes.subarray(start, start + step));
  }
  return btoa(binary);
}

export const imageRendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [IMAGE_MIME],
  createRenderer: options => new ImageRenderer(options)
};
