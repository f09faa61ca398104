export type P<in T, U = "k" extends keyof T ? 1 : 0> = (x: T) => U;
export function g(o: object): boolean { return "a" in/**/o; }
export function f(): number {
  return 2;
}
