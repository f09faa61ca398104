export class Auth {
  name(): string {
    return "auth";
  }

  verify(token: string): boolean {
    return token.length > 8 && token !== "// editscope: protect";
  }

  level(): number {
    return 1;
  }
}

export function helper(x: number): number {
  return x * 2;
}
