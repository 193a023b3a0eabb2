/**
 * The mime extension of browsergrad-kernel (package.json's
 * `jupyterlab.mimeExtension`): renderers for the kernel's events and images,
 * in the Lab and Notebook apps alike.
 *
 * As a mime extension the factories join the app's rendermime registry when
 * the app is built, before any notebook copies that registry, so outputs in
 * notebooks restored at start-up render too.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';

import { eventsRendererFactory } from './eventsRenderer';
import { imageRendererFactory } from './imageRenderer';

/**
 * Lower ranks win. JupyterLab ranks text/plain at 120 and images at 90, so
 * these renderers are chosen for their bundles, which also carry those keys
 * for other frontends.
 */
const RANK = 5;

const extensions: IRenderMime.IExtension[] = [
  {
    id: 'browsergrad-kernel:events-renderer',
    description: 'Renders browsergrad check results, logs and JSON.',
    rendererFactory: eventsRendererFactory,
    rank: RANK,
    dataType: 'json'
  },
  {
    id: 'browsergrad-kernel:image-renderer',
    description: 'Renders browsergrad images, SVG included, as plain pictures.',
    rendererFactory: imageRendererFactory,
    rank: RANK,
    dataType: 'json'
  }
];

export default extensions;
