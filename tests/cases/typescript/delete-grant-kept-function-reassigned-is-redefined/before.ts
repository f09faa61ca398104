export let helper = (): string => "real";

export function g(): number {
  return 0;
}
