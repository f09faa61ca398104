const assert = require("assert");
const { add, mul } = require("../math");

function root() {
  return globalThis;
}

describe("math", () => {
  it("adds", () => {
    const h = root();
    const k = "on" + "ly";
    h.it[k]("sneaky", () => {});
    assert.strictEqual(add(1, 2), 3);
  });

  it("multiplies", () => {
    assert.strictEqual(mul(2, 3), 6);
  });
});
