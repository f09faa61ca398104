function f() {
  return 1;
}

function g() {
  return "a b";
}
