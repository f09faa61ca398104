function f() {
  return 2;
}

function g(x: number) {
  return `a  ${x}
 b`;
}
