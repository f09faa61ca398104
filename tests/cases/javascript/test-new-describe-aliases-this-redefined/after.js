const assert = require("assert");

describe("math", function () {
  describe("helpers", function () {
    const suite = this;
    suite.parent.afterEach(() => {});
    it("works", function () {});
  });

  it("adds", function () {
    assert.strictEqual(1 + 2, 3);
  });
});
