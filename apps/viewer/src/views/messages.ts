/** Shows messages at the top of the page until dismissed; errors and notes look different. */
export function createMessages(container: HTMLElement) {
  return {
    show(text: string, kind: 'error' | 'info' = 'error'): void {
      const item = document.createElement('div');
      item.className = `message ${kind}`;
      item.dataset.kind = kind;
      const body = document.createElement('span');
      body.textContent = text;
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = '×';
      close.setAttribute('aria-label', 'Dismiss');
      close.addEventListener('click', () => item.remove());
      item.append(body, close);
      container.prepend(item);
      if (kind === 'error') console.error(text);
    },
  };
}

/** Where actions report problems and notes. */
export type Messages = ReturnType<typeof createMessages>;
