let x: AsyncDisposable | undefined;
export async function g(y: AsyncDisposable) {
  {
    await using
    x = y;
  }
}
