export const codes = {};

export class Table {
  16() {
    return "protected";
  }
}
