#!/usr/bin/env node
// The `tagdeploy` binary: everything lives in dist/main.js.
require('../dist/main.js').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
