export const id = <in T>(x: T) => x;
export function g(): number {
  return 1;
}
export function f(): number {
  return 1;
}
