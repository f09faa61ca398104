export const codes = {};

export class Table {
  16() {
    return "protected";
  }

  0x10() {
    return "evil";
  }

  "16"() {
    return "evil";
  }
}
