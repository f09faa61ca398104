export const MIN_PAGE = 1, MAX_PAGE = 250;
let counter = 0;
var cache = new Map<string, number>();

export function next(): number {
  counter += 1;
  return counter;
}
