/**
 * The simple pages of a flow: text, confirm, radio, file input, progress,
 * the error page, and the page for a type this frontend does not know.
 */
import { Styling } from '@jupyterlab/ui-components';

import { append, element } from '../ui/dom';
import type { IFlowPage } from './tokens';
import {
  FALSE,
  IPageContext,
  IRenderedPage,
  PageFrame,
  str,
  TRUE,
  VOID
} from './page';

export function textPage(page: IFlowPage, ctx: IPageContext): IRenderedPage {
  const frame = new PageFrame(page, ctx, 'text');
  if (page.wait === false) {
    frame.done.resolve(VOID);
  } else {
    frame.button('Continue', true, () => frame.answer(VOID));
  }
  return frame.rendered();
}

export function confirmPage(page: IFlowPage, ctx: IPageContext): IRenderedPage {
  const frame = new PageFrame(page, ctx, 'confirm');
  frame.button(str(page.ok) || 'OK', true, () => frame.answer(TRUE));
  frame.button(str(page.cancel) || 'Cancel', false, () => frame.answer(FALSE));
  return frame.rendered();
}

export function radioPage(page: IFlowPage, ctx: IPageContext): IRenderedPage {
  const frame = new PageFrame(page, ctx, 'radio');
  const group = element('div', 'bg-Flow-choices');
  group.setAttribute('role', 'radiogroup');
  group.setAttribute('aria-labelledby', ctx.id('title'));
  const name = ctx.id('radio');
  const items = Array.isArray(page.items) ? page.items : [];
  items.forEach((item: any, i: number) => {
    const input = element('input');
    input.type = 'radio';
    input.name = name;
    input.value = str(item?.id);
    input.id = ctx.id(`radio-${i}`);
    const label = element('label', 'bg-Flow-choice');
    append(label, input, ` ${str(item?.label)}`);
    group.append(label);
  });
  frame.body.append(group);
  const go = frame.button('Continue', true, () => {
    const chosen = group.querySelector<HTMLInputElement>('input:checked');
    if (chosen) {
      frame.answer({ __type__: 'PayloadString', value: chosen.value });
    }
  });
  go.disabled = true;
  group.addEventListener('change', () => (go.disabled = false));
  return frame.rendered();
}

/** Whether `name` ends with one of `extensions` (none: any file). */
function accepted(name: string, extensions: string[]): boolean {
  const lower = name.toLowerCase();
  return !extensions.length || extensions.some(ext => lower.endsWith(ext));
}

export function fileInputPage(
  page: IFlowPage,
  ctx: IPageContext
): IRenderedPage {
  const frame = new PageFrame(page, ctx, 'file');
  const extensions = (Array.isArray(page.extensions) ? page.extensions : [])
    .filter(ext => typeof ext === 'string')
    .map(ext => (ext as string).toLowerCase());
  const input = element('input', 'bg-Flow-fileInput');
  input.type = 'file';
  input.id = ctx.id('file');
  if (extensions.length) {
    input.accept = extensions.join(',');
  }
  const label = element(
    'label',
    'bg-Flow-label',
    extensions.length
      ? `Choose a file (${extensions.join(', ')})`
      : 'Choose a file'
  );
  label.htmlFor = input.id;
  frame.body.append(label, input);
  const go = frame.button('Continue', true, () => {
    const file = input.files?.[0];
    if (!file) {
      return;
    }
    go.disabled = true;
    ctx.attachFile(file).then(
      payload => frame.answer(payload),
      error => {
        go.disabled = false;
        frame.alert(
          `${file.name} could not be opened: ${error?.message ?? error}`
        );
      }
    );
  });
  go.disabled = true;
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    const ok = !!file && accepted(file.name, extensions);
    go.disabled = !ok;
    if (file && !ok) {
      frame.alert(`${file.name} is not a ${extensions.join(' or ')} file.`);
    }
  });
  frame.button('Cancel', false, () => frame.answer(FALSE));
  return frame.rendered();
}

export function progressPage(
  page: IFlowPage,
  ctx: IPageContext
): IRenderedPage {
  const frame = new PageFrame(page, ctx, 'progress');
  const bar = element('progress', 'bg-Flow-progress');
  bar.max = 100;
  bar.setAttribute('aria-labelledby', ctx.id('title'));
  const text = frame.node.querySelector('.bg-Flow-text');
  const title = frame.node.querySelector('.bg-Flow-title')!;
  const set = (next: IFlowPage) => {
    title.textContent = str(next.title);
    if (text) {
      text.textContent = str(next.text);
    }
    if (typeof next.percentage === 'number') {
      bar.value = next.percentage;
    } else {
      bar.removeAttribute('value');
    }
  };
  set(page);
  frame.body.append(bar);
  frame.done.resolve(TRUE);
  return frame.rendered({
    update: next => {
      set(next);
      return true;
    }
  });
}

export function errorPage(page: IFlowPage, ctx: IPageContext): IRenderedPage {
  const frame = new PageFrame(page, ctx, 'error');
  frame.node.setAttribute('role', 'alert');
  frame.body.append(element('p', 'bg-Flow-errorMessage', str(page.message)));
  if (str(page.traceback)) {
    frame.body.append(element('pre', 'bg-Flow-traceback', str(page.traceback)));
  }
  frame.done.resolve(VOID);
  return frame.rendered();
}

/** A page type this frontend does not know: an error, answered with the reason. */
export function unknownPage(page: IFlowPage, ctx: IPageContext): IRenderedPage {
  const reason = `unknown page type ${JSON.stringify(page.__type__)}: this frontend cannot show it`;
  const shown = errorPage(
    {
      __type__: page.__type__,
      title: 'This page cannot be shown',
      message: `The flow asked for an ${reason}. The flow goes on without it.`
    },
    ctx
  );
  return {
    ...shown,
    answer: Promise.resolve({ __type__: 'PayloadVoid', value: reason })
  };
}

/** Style native controls as JupyterLab does. */
export function styled<T extends HTMLElement>(node: T): T {
  Styling.styleNode(node);
  return node;
}
