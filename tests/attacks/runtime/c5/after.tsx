export const id = <out T,>(x: T) => x;
export function f(): number {
  return 2;
}
