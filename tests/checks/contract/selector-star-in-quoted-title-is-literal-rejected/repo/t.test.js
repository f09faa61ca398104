describe("suite", () => {
  it("adds *", () => {
    expect(1).toBe(1);
  });

  it("adds numbers", () => {
    expect(2).toBe(2);
  });
});
