export let handler = (): string => "real";

export function g(): number {
  (handler satisfies any) = () => 'evil';
  return 0;
}
