export interface Props {
  label: string;
}

export function render(props: Props): string {
  return `<button>${props.label}</button>`;
}

export const VERSION = 1;
