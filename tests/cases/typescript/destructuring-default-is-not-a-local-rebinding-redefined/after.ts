import { format } from "./format";

export function helper(x: number): string {
  return format(x);
}

export function task(items: number[]): string[] {
  const { f = helper } = { f: undefined };
  helper = () => "";
  return items.map(f);
}
