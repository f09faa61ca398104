function f(a: number) {
  return a + 1;
}

function g() {
  return f(1, 2);
}
