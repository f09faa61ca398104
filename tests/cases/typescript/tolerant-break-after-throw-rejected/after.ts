function f() {
  return 2;
}

function g() {
  throw
    new Error("x");
}
