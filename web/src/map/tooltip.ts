/** A floating box that follows the pointer inside a container. */
export interface Tooltip {
  node: HTMLDivElement;
  show(event: MouseEvent, lines: string[]): void;
  hide(): void;
}

export function createTooltip(container: HTMLElement): Tooltip {
  const node = document.createElement('div');
  node.className = 'tooltip';
  node.hidden = true;
  return {
    node,
    show(event, lines) {
      node.replaceChildren(
        ...lines.map((text, i) => {
          const line = document.createElement(i === 0 ? 'strong' : 'div');
          line.textContent = text;
          return line;
        }),
      );
      const box = container.getBoundingClientRect();
      node.style.left = `${event.clientX - box.left + 14}px`;
      node.style.top = `${event.clientY - box.top + 14}px`;
      node.hidden = false;
    },
    hide() {
      node.hidden = true;
    },
  };
}
