function f(): number {
  return 2;
}

function g(a: number, b: number): number {
  return
    a + b;
}
