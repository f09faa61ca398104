/* eslint-disable no-console */
export function debug(msg: string): void {
  console.log(msg);
}
