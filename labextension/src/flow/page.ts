/**
 * What every page of a flow shares: its frame (title, text), its buttons,
 * and how it answers. User strings go in as text, never as HTML.
 */
import { PromiseDelegate } from '@lumino/coreutils';

import { append, button, element } from '../ui/dom';
import type { FlowPayload, IFlowPage } from './tokens';

/** A rendered page: its node, and its answer once the user gives it. */
export interface IRenderedPage {
  node: HTMLElement;
  answer: Promise<FlowPayload>;
  /** Update in place with a page of the same type (progress); false if not. */
  update?(page: IFlowPage): boolean;
  /** The flow ended: nothing can be answered any more. */
  disable(): void;
}

/** What a page needs from its flow. */
export interface IPageContext {
  /** Unique ids for labels and fields. */
  id(suffix: string): string;
  /** Hand a chosen file to the kernel's worker; rejects with the reason. */
  attachFile(file: File): Promise<FlowPayload>;
}

export const VOID: FlowPayload = { __type__: 'PayloadVoid', value: null };
export const TRUE: FlowPayload = { __type__: 'PayloadTrue', value: true };
export const FALSE: FlowPayload = { __type__: 'PayloadFalse', value: false };

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A page's frame: a region named by its title, with its text. */
export class PageFrame {
  readonly node: HTMLElement;
  readonly body: HTMLElement;
  readonly actions: HTMLElement;
  readonly done = new PromiseDelegate<FlowPayload>();

  constructor(page: IFlowPage, context: IPageContext, kind: string) {
    this.node = element('section', `bg-Flow-page bg-Flow-${kind}`);
    this.node.dataset.pageType = page.__type__;
    const titleId = context.id('title');
    this.node.setAttribute('aria-labelledby', titleId);
    const title = element('h3', 'bg-Flow-title', str(page.title));
    title.id = titleId;
    this.body = element('div', 'bg-Flow-body');
    this.actions = element('div', 'bg-Flow-actions');
    append(this.node, title);
    if (str(page.text)) {
      append(this.node, element('p', 'bg-Flow-text', str(page.text)));
    }
    append(this.node, this.body, this.actions);
  }

  /** A JupyterLab-styled button; `accept` marks the main action. */
  button(
    label: string,
    accept: boolean,
    onClick: () => void
  ): HTMLButtonElement {
    const node = button(
      `jp-Button jp-mod-styled ${accept ? 'jp-mod-accept' : 'jp-mod-reject'}`,
      label,
      onClick
    );
    this.actions.append(node);
    return node;
  }

  /** A message for the user, read out by screen readers. */
  alert(text: string): void {
    let node = this.node.querySelector<HTMLElement>('.bg-Flow-alert');
    if (!node) {
      node = element('p', 'bg-Flow-alert');
      node.setAttribute('role', 'alert');
      this.node.append(node);
    }
    node.textContent = text;
  }

  answer(payload: FlowPayload): void {
    this.disable();
    this.done.resolve(payload);
  }

  disable(): void {
    this.node
      .querySelectorAll<
        HTMLButtonElement | HTMLInputElement | HTMLSelectElement
      >('button, input, select, textarea')
      .forEach(control => (control.disabled = true));
  }

  rendered(extra: Partial<IRenderedPage> = {}): IRenderedPage {
    return {
      node: this.node,
      answer: this.done.promise,
      disable: () => this.disable(),
      ...extra
    };
  }
}
