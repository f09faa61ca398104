function f() {
  return 2;
}

function g(a: number, b: number) {
  return Math.max(
    a,
    b,
    a + b,
  );
}
