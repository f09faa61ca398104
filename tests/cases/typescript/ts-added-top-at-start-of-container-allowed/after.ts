export function first(): number {
  return 0;
}

export function a(): number {
  return 1;
}
