var config = { admin: false };
function f<T>(x: T): T {
  return x;
}
function compute(g: number): number {
  let a = g <!--g; } config.admin = true; function h(g: number): number {
  return g;
}
