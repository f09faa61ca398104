var config = { admin: false };
function f<T>(x: T): T {
  return x;
}
function compute(g: number): number {
  return yield / 1 } config.admin = true; function h(g: number): number { return g /g;
}
