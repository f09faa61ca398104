export class Auth {
  name(): string {
    return "auth";
  }

  // editscope: protect
  verify(token: string): boolean {
    return token.length > 8;
  }

  level(): number {
    return 1;
  }
}

export function helper(x: number): number {
  return x * 2;
}
