function f() {
  return 1;
}

function g(b: (x: number) => number, c: number) {
  const a = b(c);
  return a;
}
