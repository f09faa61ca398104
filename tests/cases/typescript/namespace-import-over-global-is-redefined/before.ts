export function main(s: string): number {
  return JSON.parse(s);
}
