var config = { admin: false };
function f<T>(x: T): T {
  return x;
}
function compute(g: number): number {
  return g;
}
