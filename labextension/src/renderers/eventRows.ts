/**
 * One row per event. A passed check is a single compact line; a failure or
 * an error shows its message and the values compared; logs and JSON show
 * their payload.
 */
import { asNumber, asText, IEvent, statusOf } from '../events/schema';
import { comparison } from './comparison';
import { append, element } from '../ui/dom';
import { formatBytes, formatDuration } from '../ui/format';
import { jsonTree } from './jsonTree';
import { isContainer } from './pathDiff';

const STATUS_ICONS = { pass: '✓', fail: '✗', error: '!' };
const STATUS_TITLES = { pass: 'passed', fail: 'failed', error: 'error' };
const LOG_LEVELS = ['debug', 'info', 'warning', 'error'];

/** Whether an event is a passed check, shown compactly and hidden first. */
export function isPass(event: IEvent): boolean {
  return statusOf(event) === 'pass';
}

/** The row of one event. */
export function eventRow(event: IEvent): HTMLElement {
  switch (event.type) {
    case 'assertion':
      return assertionRow(event);
    case 'log':
      return logRow(event);
    case 'json':
      return jsonRow(event);
    default:
      return otherRow(event);
  }
}

/** The line every row starts with: icon, name, then the given parts. */
function header(
  icon: HTMLElement,
  event: IEvent,
  ...parts: (Node | null)[]
): HTMLElement {
  const line = element('div', 'bg-Event-header');
  append(
    line,
    icon,
    element('span', 'bg-Event-name', asText(event.name)),
    ...parts
  );
  return line;
}

/** The icon or badge that starts a row, with a title saying what it means. */
function icon(text: string, className: string, title: string): HTMLElement {
  const node = element('span', `bg-Event-icon ${className}`, text);
  node.title = title;
  return node;
}

function assertionRow(event: IEvent): HTMLElement {
  const status = statusOf(event) ?? 'error';
  const row = element('div', `bg-Event bg-Assertion bg-mod-${status}`);
  row.dataset.status = status;
  const excType = asText(event.exc_type);
  const message = asText(event.message);
  const duration = asNumber(event.duration_ms);
  row.append(
    header(
      icon(STATUS_ICONS[status], 'bg-Event-statusIcon', STATUS_TITLES[status]),
      event,
      status === 'error' && excType
        ? element('span', 'bg-Event-excType', excType)
        : null,
      message ? element('span', 'bg-Event-message', message) : null,
      duration === null
        ? null
        : element('span', 'bg-Event-duration', formatDuration(duration))
    )
  );
  if (status !== 'pass') {
    const compared = comparison(event);
    if (compared) {
      row.append(compared);
    }
  }
  return row;
}

function logRow(event: IEvent): HTMLElement {
  const level = LOG_LEVELS.includes(event.level as string)
    ? (event.level as string)
    : 'info';
  const row = element('div', `bg-Event bg-Log bg-Log-${level}`);
  row.dataset.level = level;
  const data = event.data;
  let payload: HTMLElement | null = null;
  if (event.truncated === true) {
    payload = truncatedMarker(event);
  } else if (typeof data === 'string') {
    payload = element('span', 'bg-Log-data', data);
  } else if (!isContainer(data)) {
    payload = element('span', 'bg-Log-data', JSON.stringify(data) ?? '');
  }
  row.append(
    header(icon(`[${level}]`, 'bg-Log-level', `${level} log`), event, payload)
  );
  if (!payload && isContainer(data)) {
    row.append(jsonTree(data));
  }
  return row;
}

function jsonRow(event: IEvent): HTMLElement {
  const row = element('div', 'bg-Event bg-Json');
  const size = asNumber(event.size);
  row.append(
    header(
      icon('{json}', 'bg-Json-badge', 'JSON data'),
      event,
      event.truncated === true
        ? truncatedMarker(event)
        : size === null
          ? null
          : element('span', 'bg-Event-size', formatBytes(size))
    )
  );
  if (event.truncated !== true) {
    row.append(jsonTree(event.data, undefined, true));
  }
  return row;
}

/** Image events (shown as their own outputs) and types from later schemas. */
function otherRow(event: IEvent): HTMLElement {
  const type = asText(event.type) || 'event';
  const row = element('div', 'bg-Event bg-Other');
  const size = asNumber(event.size);
  const details = [asText(event.mime), size === null ? '' : formatBytes(size)]
    .filter(Boolean)
    .join(', ');
  row.append(
    header(
      icon(`[${type}]`, 'bg-Other-badge', `${type} event`),
      event,
      details ? element('span', 'bg-Event-message', details) : null,
      event.truncated === true ? truncatedMarker(event) : null
    )
  );
  return row;
}

/** The visible mark of a payload left out for its size. */
export function truncatedMarker(event: IEvent): HTMLElement {
  const size = asNumber(event.size);
  return element(
    'span',
    'bg-Truncated',
    size === null ? 'truncated' : `truncated (size ${formatBytes(size)})`
  );
}
