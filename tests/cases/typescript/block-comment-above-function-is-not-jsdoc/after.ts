/* eslint-disable no-console, no-debugger */
export function debug(msg: string): void {
  console.log(msg);
}
