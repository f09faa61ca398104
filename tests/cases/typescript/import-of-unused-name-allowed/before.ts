export function main(s: string): number {
  return parseInt(s);
}
