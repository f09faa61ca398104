const assert = require("assert");

describe("math", function () {
  it("installs", function () {
    beforeEach(function () {
      this.skip();
    });
  });

  it("adds", function () {
    assert.strictEqual(1 + 2, 3);
  });
});
