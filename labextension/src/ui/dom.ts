/**
 * How the renderers, the Tests panel and labs build DOM: elements and text
 * nodes. User strings go in through `textContent`, never as HTML.
 */

/** A new element with a class name and, optionally, its text. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** Append children (elements, or strings as text) to a parent. */
export function append(
  parent: HTMLElement,
  ...children: (Node | string | null)[]
): HTMLElement {
  for (const child of children) {
    if (child !== null) {
      parent.append(child);
    }
  }
  return parent;
}

/** A button that runs `onClick` (and does not submit or bubble). */
export function button(
  className: string,
  text: string,
  onClick: () => void
): HTMLButtonElement {
  const node = element('button', className, text);
  node.type = 'button';
  node.addEventListener('click', event => {
    event.stopPropagation();
    onClick();
  });
  return node;
}
