/** Entry point of the CLI. */
export function main(argv: string[]): number {
  return argv.length;
}

export function usage(): string {
  return "usage: tool <file>";
}
