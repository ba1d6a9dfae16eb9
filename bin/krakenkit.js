#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/src/cli/main.js after `npm run build`.
import('../dist/src/cli/main.js')
  .then((m) => m.main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
