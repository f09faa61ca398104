describe("suite", () => {
  it("adds *", () => {
    expect(1).toBe(11);
  });

  it("is admin?", () => {
    expect(2).toBe(2);
  });
});
