export class Auth {
  /** Checks the token. */
  verify(token: string): boolean {
    return token.length > 8;
  }

  name(): string {
    return "auth";
  }
}

export function helper(x: number): number {
  return x * 2;
}
