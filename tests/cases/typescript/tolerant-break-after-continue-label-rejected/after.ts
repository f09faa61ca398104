function f() {
  return 2;
}

function g(xs: number[]) {
  outer: for (const x of xs) {
    for (const y of xs) {
      if (x === y) continue
        outer;
    }
  }
}
