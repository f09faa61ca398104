function f(a: number) {
  return a;
}

function g() {
  return f( 1,2 );
}
