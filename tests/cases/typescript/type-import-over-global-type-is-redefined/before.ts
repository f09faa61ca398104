export function main(s: string): Promise<number> {
  return load(s);
}
