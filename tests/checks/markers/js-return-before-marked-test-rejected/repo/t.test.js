const assert = require("assert");

describe("suite", () => {
  it("other", () => {
    assert.ok(true);
  });

  // editscope: protect (compliance check, must always run)
  it("keeps", () => {
    assert.strictEqual(1, 2);
  });
});
