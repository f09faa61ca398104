function f() {
  return 2;
}

function g(a: number, b: number) {
  a
  ++b;
  return a;
}
