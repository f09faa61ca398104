class S {
  delete(x) {
    return "audited";
  }
}

function other() {
  Object.assign.call(null, S.prototype, { delete: () => "skipped" });
  return 1;
}
