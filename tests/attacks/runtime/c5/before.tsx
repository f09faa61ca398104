export const id = <in T,>(x: T) => x;
export function f(): number {
  return 1;
}
