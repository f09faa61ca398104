export interface Props {
  label: string;
}

export function render(props: Props): string {
  return `<button class="b">${props.label}</button>`;
}

export const VERSION = 1;
