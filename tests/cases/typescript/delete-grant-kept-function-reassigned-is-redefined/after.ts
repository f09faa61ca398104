export let helper = (): string => "real";

export function g(): number {
  helper = () => "evil";
  return 0;
}
