function f(): number {
  return 2;
}

function g(a: number): number {
  return /* sum */
    a + 1;
}
