function f() {
  return 1;
}

function g(a: number, b: number) {
  return Math.max(a, b, a + b);
}
