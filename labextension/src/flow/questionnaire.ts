/**
 * The questionnaire page: several labelled fields (text, number, choice,
 * multi, bool); Submit answers `{question id: answer}` as JSON once every
 * required field is filled.
 */
import { append, element } from '../ui/dom';
import type { IFlowPage } from './tokens';
import { IPageContext, IRenderedPage, PageFrame } from './page';
import { styled } from './prompts';

interface IQuestion {
  id: string;
  label: string;
  kind: 'text' | 'number' | 'choice' | 'multi' | 'bool';
  choices: string[];
  required: boolean;
}

type Read = () => unknown;

function field(q: IQuestion, ctx: IPageContext): [HTMLElement, Read] {
  const id = ctx.id(`q-${q.id}`);
  const wrap = element('div', 'bg-Flow-field');
  wrap.dataset.question = q.id;
  const labelText = q.required ? `${q.label} (required)` : q.label;
  if (q.kind === 'multi' || (q.kind === 'choice' && q.choices.length <= 4)) {
    const set = element('fieldset', 'bg-Flow-fieldset');
    set.append(element('legend', undefined, labelText));
    const inputs = q.choices.map((choice, i) => {
      const input = element('input');
      input.type = q.kind === 'multi' ? 'checkbox' : 'radio';
      input.name = id;
      input.value = choice;
      input.id = `${id}-${i}`;
      const label = element('label', 'bg-Flow-choice');
      append(label, input, ` ${choice}`);
      set.append(label);
      return input;
    });
    wrap.append(set);
    const checked = () => inputs.filter(i => i.checked).map(i => i.value);
    return [wrap, q.kind === 'multi' ? checked : () => checked()[0] ?? null];
  }
  const label = element('label', 'bg-Flow-label', labelText);
  label.htmlFor = id;
  wrap.append(label);
  if (q.kind === 'choice') {
    const select = element('select');
    select.id = id;
    select.append(element('option', undefined, ''));
    for (const choice of q.choices) {
      const option = element('option', undefined, choice);
      option.value = choice;
      select.append(option);
    }
    wrap.append(styled(select));
    return [wrap, () => select.value || null];
  }
  const input = element('input');
  input.id = id;
  if (q.kind === 'bool') {
    input.type = 'checkbox';
    wrap.prepend(input);
    return [wrap, () => input.checked];
  }
  input.type = q.kind === 'number' ? 'number' : 'text';
  input.className = 'jp-mod-styled';
  wrap.append(input);
  return [
    wrap,
    q.kind === 'number'
      ? () => (input.value === '' ? null : Number(input.value))
      : () => input.value || null
  ];
}

export function questionnairePage(
  page: IFlowPage,
  ctx: IPageContext
): IRenderedPage {
  const frame = new PageFrame(page, ctx, 'questionnaire');
  const questions = (
    Array.isArray(page.questions) ? page.questions : []
  ) as IQuestion[];
  const readers = questions.map(q => {
    const [node, read] = field(q, ctx);
    frame.body.append(node);
    return [q, read] as const;
  });
  frame.button('Submit', true, () => {
    const answers: Record<string, unknown> = {};
    const missing: string[] = [];
    for (const [q, read] of readers) {
      const value = read();
      const empty =
        value === null || (Array.isArray(value) && value.length === 0);
      if (q.required && (empty || value === false)) {
        missing.push(q.label);
      }
      answers[q.id] = value;
    }
    if (missing.length) {
      frame.alert(`Please answer: ${missing.join(', ')}.`);
      return;
    }
    frame.answer({ __type__: 'PayloadJSON', value: JSON.stringify(answers) });
  });
  return frame.rendered();
}
