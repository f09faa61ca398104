function f() {
  return 1;
}

function* g(x: number) {
  yield x;
}
