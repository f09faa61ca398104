const express = require("express");
const app = express();

app.get("/", function (req, res) {
  var msg = "hi";
  res.send(msg);
});

widgets.forEach((w) => {
  const size = w.size;
  w.render(size);
});

register({
  start() {
    let n = 1;
    return n;
  },
});
