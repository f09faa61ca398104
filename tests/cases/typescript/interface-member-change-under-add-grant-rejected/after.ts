export interface Props {
  label: string | number;
  onClick(): void;
}

export type Size = "small" | "medium" | "large";

export function render(props: Props): string {
  return `<button>${props.label}</button>`;
}
