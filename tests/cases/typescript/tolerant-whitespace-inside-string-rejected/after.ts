function f() {
  return 2;
}

function g() {
  return "a  b";
}
