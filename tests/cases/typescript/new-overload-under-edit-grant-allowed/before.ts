export function parse(a: string): number;
export function parse(a: any): number {
  return Number(a);
}

export const x = 1;
