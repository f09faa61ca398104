function f() {
  return 1;
}

function g() {
  throw new Error("x");
}
