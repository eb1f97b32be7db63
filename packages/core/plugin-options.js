// The "@tagdeploy/core/plugin-options" entry (see src/plugin-options.ts): a file at the package
// root, so that it resolves the same with and without package "exports" support.
module.exports = require('./dist/plugin-options');
