function f() {
  return 1;
}

function g(x: number) {
  return `a ${x} b`;
}
