module.exports.report = function (x) {
  return "audited";
};

const other = () => {
  return 1;
};
