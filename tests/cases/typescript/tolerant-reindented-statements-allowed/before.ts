function f() {
  return 1;
}

function g(a: number) {
  if (a > 1) { return a; }
  return 0;
}
