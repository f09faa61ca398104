function f() {
  return 2;
}

function g(a: number) {
    if (a > 1) {
        return a;
    }
    return 0;
}
