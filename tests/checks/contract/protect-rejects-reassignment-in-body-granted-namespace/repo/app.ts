namespace NS {
  export function check(x: number) {
    return x > 10;
  }
  export function other() {}
}
