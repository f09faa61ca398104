export function main(s: string): number {
  return parseInt(s);
}

export function setup(): void {
  declare global {
    function parseInt(s: string): number;
  }
}
