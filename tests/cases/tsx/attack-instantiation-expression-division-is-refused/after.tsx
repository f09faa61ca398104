export const config = { admin: false };
export function f<T>(x: T): T {
  return x;
}
export function compute(g: number): number {
  return f<number> / 1 } config.admin = true; function h(g: number): number { return g /g;
}
