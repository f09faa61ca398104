export const config = { admin: false };
export function f<T>(x: T): T {
  return x;
}
export function compute(g: number): number {
  // note } config.admin = true; function h(g: number): number {
  return g;
}
