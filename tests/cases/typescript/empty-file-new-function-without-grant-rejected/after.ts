export function greet(name: string): string {
  return `Hi ${name}`;
}
