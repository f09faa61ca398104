let x: Disposable | undefined;
export function g(y: Disposable) {
  {
    using
    x = y;
  }
}
