export class C {
  a(): number {
    return 1;
  }
}
