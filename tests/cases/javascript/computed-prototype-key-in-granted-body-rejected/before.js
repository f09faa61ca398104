class S {
  delete(x) {
    return "audited";
  }
}

function other() {
  return 1;
}
