class S {
  delete(x) {
    return "audited";
  }
}

function other() {
  S.prototype.__defineGetter__("delete", () => () => "skipped");
  return 1;
}
