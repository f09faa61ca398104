export function a(): number {
  return 1;
}
