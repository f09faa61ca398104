export class C {
  first(): number {
    return 0;
  }

  a(): number {
    return 1;
  }
}
