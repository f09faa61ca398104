export class Auth {
  name(): string {
    return "auth";
  }

  verify(token: string): boolean { // editscope: protect
    return token.length > 8;
  }

  level(): number {
    return 1;
  }
}

export function helper(x: number): number {
  return x * 2;
}
