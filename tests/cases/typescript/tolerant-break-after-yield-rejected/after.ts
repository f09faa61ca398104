function f() {
  return 2;
}

function* g(x: number) {
  yield
  x;
}
