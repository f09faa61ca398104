function f() {
  return 2;
}

function g(b: (x: number) => number, c: number) {
  const a = b
    (c);
  return a;
}
