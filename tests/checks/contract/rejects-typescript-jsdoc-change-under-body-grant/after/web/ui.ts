export interface Props {
  label: string;
}

/** Renders a <button>. */
export function render(props: Props): string {
  return `<button>${props.label.trim()}</button>`;
}

export const VERSION = 1;
