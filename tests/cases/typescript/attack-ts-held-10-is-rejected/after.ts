export let handler = (): string => "real";

export function g(): number {
  (<any>handler) = () => 'evil';
  return 0;
}
