export function g(y: Disposable) {
  {
        using x = y;
  }
}
