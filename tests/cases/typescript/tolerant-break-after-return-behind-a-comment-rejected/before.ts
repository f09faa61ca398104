function f(): number {
  return 1;
}

function g(a: number): number {
  return /* sum */ a + 1;
}
