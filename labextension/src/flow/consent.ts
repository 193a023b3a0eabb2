/**
 * The consent page: tables of what would be donated, whose rows can be
 * reviewed and removed; Donate answers the kept rows as JSON
 * (`{table id: [rows]}`), Decline answers PayloadFalse.
 */
import { deleteIcon } from '@jupyterlab/ui-components';

import { append, button, element } from '../ui/dom';
import type { IFlowPage } from './tokens';
import { FALSE, IPageContext, IRenderedPage, PageFrame, str } from './page';

interface ITable {
  id: string;
  title: string;
  columns: string[];
  rows: Record<string, unknown>[];
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function consentPage(page: IFlowPage, ctx: IPageContext): IRenderedPage {
  const frame = new PageFrame(page, ctx, 'consent');
  const tables = (Array.isArray(page.tables) ? page.tables : []) as ITable[];
  const kept = new Map<string, Set<number>>();
  tables.forEach((table, t) => {
    const rows = Array.isArray(table.rows) ? table.rows : [];
    const columns = Array.isArray(table.columns) ? table.columns : [];
    const keep = new Set(rows.map((_row, i) => i));
    kept.set(table.id, keep);
    const node = element('table', 'bg-Flow-table');
    node.dataset.tableId = str(table.id);
    const caption = element('caption', 'bg-Flow-caption');
    const count = element('span', 'bg-Flow-count');
    count.setAttribute('aria-live', 'polite');
    const recount = () =>
      (count.textContent = ` (${keep.size} of ${rows.length} rows kept)`);
    append(caption, str(table.title), count);
    recount();
    const head = element('thead');
    const headRow = element('tr');
    for (const column of columns) {
      const th = element('th', undefined, str(column));
      th.scope = 'col';
      headRow.append(th);
    }
    const removeHead = element('th', undefined, 'Remove');
    removeHead.scope = 'col';
    headRow.append(removeHead);
    head.append(headRow);
    const body = element('tbody');
    rows.forEach((row, i) => {
      const tr = element('tr');
      for (const column of columns) {
        tr.append(element('td', undefined, cellText(row?.[column])));
      }
      const remove = button(
        'jp-Button jp-mod-minimal bg-Flow-remove',
        '',
        () => {
          keep.delete(i);
          tr.remove();
          recount();
          // keep the keyboard focus in the table
          body.querySelector<HTMLButtonElement>('.bg-Flow-remove')?.focus();
        }
      );
      remove.setAttribute(
        'aria-label',
        `Remove row ${i + 1} of ${str(table.title) || `table ${t + 1}`}`
      );
      remove.title = 'Remove this row';
      remove.append(
        deleteIcon.element({ tag: 'span', 'aria-hidden': 'true' } as any)
      );
      const td = element('td');
      td.append(remove);
      tr.append(td);
      body.append(tr);
    });
    append(node, caption, head, body);
    frame.body.append(node);
  });
  frame.button(str(page.donate) || 'Donate', true, () => {
    const result: Record<string, unknown[]> = {};
    tables.forEach(table => {
      const keep = kept.get(table.id)!;
      result[table.id] = (table.rows ?? []).filter((_row, i) => keep.has(i));
    });
    frame.answer({ __type__: 'PayloadJSON', value: JSON.stringify(result) });
  });
  frame.button(str(page.decline) || 'Decline', false, () =>
    frame.answer(FALSE)
  );
  return frame.rendered();
}
