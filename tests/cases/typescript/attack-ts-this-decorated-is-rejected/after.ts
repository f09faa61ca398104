function log(t: any, c: any) { return t; }

export class C {
  @log
  delete(): string {
    return "real";
  }

  f(): number {
    this.delete = () => 'evil';
    return 1;
  }
}
