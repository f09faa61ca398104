describe("auth", () => {
  it("is admin?", () => {
    expect(isAdmin("bob")).toBe(false);
  });

  it("is admin!", () => {
    expect(isAdmin("root")).toBe(true);
  });
});
