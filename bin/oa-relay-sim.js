#!/usr/bin/env node
// The simulator's entry point for `npx oa-relay-sim`: it runs the compiled CLI (`npm run build`).
'use strict';

const { join } = require('node:path');

let cli;
try {
  cli = require(join(__dirname, '..', 'dist', 'apps', 'simulator', 'src', 'cli.js'));
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && /cli\.js/.test(String(error.message))) {
    process.stderr.write(
      'oa-relay-sim: dist/apps/simulator/src/cli.js is missing; run `npm run build` first\n',
    );
    process.exit(3);
  }
  throw error;
}

cli.main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 3;
  },
);
