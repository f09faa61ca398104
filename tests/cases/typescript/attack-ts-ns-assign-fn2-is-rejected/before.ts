export namespace NS {
  export class C {
    delete(): string {
      return "real";
    }
  }

  export function helper(): string {
    return "real";
  }

  export function g(): number {
    return 0;
  }
}
