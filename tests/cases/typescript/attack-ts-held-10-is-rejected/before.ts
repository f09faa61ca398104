export let handler = (): string => "real";

export function g(): number {
  return 0;
}
