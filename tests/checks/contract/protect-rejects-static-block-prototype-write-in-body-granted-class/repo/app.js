class S {
  delete(x) {
    return audit(x);
  }
  create() {
    return 1;
  }
}
