function f(): number {
  return 1;
}

function g(a: number, b: number): number {
  return a + b;
}
