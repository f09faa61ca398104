export class C {
  private _v = 0;
  delete(): string {
    return "real";
  }
  get value(): number {
    return this._v;
  }
  set value(v: number) {
    this._v = v;
  }
  f(): number {
    this['delete'] = () => 'evil';
    return 1;
  }
}

export function helper(): string {
  return "real";
}
