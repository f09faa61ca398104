const assert = require("assert");

describe("math", function () {
  describe("helpers", function () {
    this.parent.beforeEach(function () {
      this.skip();
    });
    it("works", function () {});
  });

  it("adds", function () {
    assert.strictEqual(1 + 2, 3);
  });
});
