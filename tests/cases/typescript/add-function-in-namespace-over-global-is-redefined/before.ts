export namespace NS {
  export function check(x: string): number {
    return parseInt(x, 10);
  }

  export function other(): void {}
}
