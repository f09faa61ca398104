declare global {
  function parseInt(s: string): number;
}

export function main(s: string): number {
  return parseInt(s);
}
