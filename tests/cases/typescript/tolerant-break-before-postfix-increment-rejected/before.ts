function f() {
  return 1;
}

function g(a: number, b: number) {
  a++
  b;
  return a;
}
