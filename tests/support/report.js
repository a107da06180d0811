// The ok/FAIL lines the Node-driven checks print, and the failure count they exit with.
'use strict';

const state = { failures: 0 };

function ok(what) {
  console.log(`ok    ${what}`);
}

function bad(what, detail) {
  state.failures++;
  console.log(`FAIL  ${what}${detail ? `\n      ${String(detail).split('\n').join('\n      ')}` : ''}`);
}

// `detail` may be a function, so costly diagnostics are only built for a failure.
function check(condition, what, detail) {
  if (condition) ok(what);
  else bad(what, typeof detail === 'function' ? detail() : detail);
  return condition;
}

module.exports = { ok, bad, check, failures: () => state.failures };
