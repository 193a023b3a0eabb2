/**
 * The runtime example page (`/runtime-example/` of a site built with
 * `--BrowsergradSiteAddon.runtime_example=True`): an editor, Run, Stop and a
 * time limit on `createSession`, with the `bg` events shown by the kernel's
 * own renderers (summary line and event rows). Nothing user-made is ever
 * rendered as HTML: text goes in with `textContent`.
 */
import type * as Runtime from '../runtime';
import { IEvent } from '../events/schema';
import { EventList } from '../renderers/eventList';
import { Summary } from '../renderers/summary';

/** The shipped library, next to this bundle (not a second copy of it). */
const runtimeURL = new URL('./browsergrad.runtime.js', import.meta.url).href;
/** The site's runtime folder, from the page at `<site>/runtime-example/`. */
const pyodideURL = new URL('../static/browsergrad/pyodide/', location.href);

const $ = <T extends HTMLElement>(id: string) =>
  document.getElementById(id) as T;

const status = $<HTMLElement>('status');
const code = $<HTMLTextAreaElement>('code');
const limit = $<HTMLInputElement>('limit');
const run = $<HTMLButtonElement>('run');
const stop = $<HTMLButtonElement>('stop');
const stdout = $<HTMLElement>('stdout');
const errorBox = $<HTMLElement>('error');
const eventsBox = $<HTMLElement>('events');

/** The events of one run, drawn as an events output is in a notebook. */
function eventsView(): (events: readonly IEvent[]) => void {
  const summary = new Summary();
  const list = new EventList();
  const node = document.createElement('div');
  node.className = 'bg-Events';
  node.append(summary.node, list.node);
  eventsBox.replaceChildren(node);
  return events => {
    const added = list.update(events);
    if (added === null) {
      summary.reset();
    }
    for (const event of added ?? events) {
      summary.add(event);
    }
    summary.render();
  };
}

async function main(): Promise<void> {
  const runtime: typeof Runtime = await import(
    /* webpackIgnore: true */ runtimeURL
  );
  const session = await runtime.createSession({
    pyodideIndexURL: pyodideURL.href,
    onPackageProgress: p => (status.textContent = `${p.package}: ${p.status}`)
  });
  status.textContent = session.canInterrupt
    ? 'Ready. Stop interrupts Python and keeps your variables.'
    : 'Ready. This page is not cross-origin isolated: Stop restarts Python ' +
      '(from a warm spare) and variables are lost.';
  status.dataset.mode = session.canInterrupt ? 'interrupt' : 'restart';
  let controller: AbortController | null = null;
  run.disabled = false;
  run.onclick = async () => {
    controller = new AbortController();
    run.disabled = true;
    stop.disabled = false;
    stdout.textContent = '';
    errorBox.textContent = '';
    const events: IEvent[] = [];
    const draw = eventsView();
    const seconds = Number(limit.value);
    const result = await session.exec({
      code: code.value,
      timeoutMs: seconds > 0 ? seconds * 1000 : undefined,
      signal: controller.signal,
      onStdout: chunk => stdout.append(chunk),
      onStderr: chunk => stdout.append(chunk),
      // As they arrive; the list is redrawn in call order at the end.
      onAssertion: a => (events.push(a), draw([...events])),
      onArtifact: a => (events.push(a), draw([...events]))
    });
    draw(
      [...result.assertions, ...result.artifacts].sort((a, b) => a.seq - b.seq)
    );
    if (result.error) {
      const { kind, message, traceback, restarted } = result.error;
      errorBox.dataset.kind = kind;
      errorBox.textContent =
        `${kind}${restarted ? ' (restarted)' : ''}: ${message}` +
        (traceback ? `\n\n${traceback}` : '');
    }
    status.dataset.ran = String(Number(status.dataset.ran ?? 0) + 1);
    run.disabled = false;
    stop.disabled = true;
    controller = null;
  };
  stop.onclick = () => controller?.abort();
}

main().catch(error => {
  status.textContent = `Python could not start: ${error?.message ?? error}`;
  status.dataset.mode = 'failed';
});
