'use strict';
const { loadBundle } = require('./load-bundle.js');
const { main } = loadBundle();
if (process.env.XFLAGS) require('node:v8').setFlagsFromString(process.env.XFLAGS);
main(process.argv).then((c) => { process.exitCode = c; });
