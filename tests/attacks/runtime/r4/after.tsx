export const id = <in T>(x: T) => x;
export function g(): number {
  return 3;
}
export function f(): number {
  return 2;
}
