import { format } from "./format";

export function helper(x: number): string {
  return format(x);
}

export function task(items: number[]): string[] {
  let helper = (x: number) => String(x);
  helper = (x: number) => `${x}`;
  return items.map(helper);
}
