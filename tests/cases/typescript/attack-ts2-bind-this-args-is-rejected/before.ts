export class C {
  save(x: string): string {
    return "saved " + x;
  }

  f(): number {
    return 1;
  }
}

function helper(x: string): string {
  return "real " + x;
}

export function useHelper(): string {
  return helper("a");
}

export function g(): number {
  return 0;
}
