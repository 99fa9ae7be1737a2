'use strict';
// Preloaded into the jsii kernel (node --require) by deploy/accelerator's enable().
//
// A prebuilt cdktf provider's lib/index.js requires every generated submodule (2,135 for AWS): most of
// a synth's time and memory when its stack uses a few dozen (docs/performance.md). When such an index.js is nothing but
// `exports.x = require("./x");` re-exports, each one becomes a getter that requires its submodule on
// first access. jsii finds a type by walking the package's exports, so it gets the same objects; the
// export names stay enumerable. Any other index.js, or any other package, is compiled as it is.
const Module = require('module');
const fs = require('fs');
const path = require('path');

const REEXPORT = /^exports\.([A-Za-z_$][\w$]*) = require\("(\.\/[^"\\]+)"\);$/gm;

function isProviderIndex(filename) {
  if (path.basename(filename) !== 'index.js' || path.basename(path.dirname(filename)) !== 'lib') return false;
  try {
    const { name } = JSON.parse(fs.readFileSync(path.join(filename, '..', '..', 'package.json'), 'utf8'));
    return typeof name === 'string' && name.startsWith('@cdktf/provider-');
  } catch {
    return false;
  }
}

function lazyReexport(name, relative) {
  const key = JSON.stringify(name);
  return `Object.defineProperty(exports, ${key}, { enumerable: true, configurable: true, get() {`
    + ` const m = require(${JSON.stringify(relative)});`
    + ` Object.defineProperty(exports, ${key}, { value: m, enumerable: true, writable: true, configurable: true });`
    + ' return m; } });';
}

function lazyIndex(content) {
  const requires = (content.match(/\brequire\(/g) || []).length;
  let reexports = 0;
  const lazy = content.replace(REEXPORT, (_, name, relative) => {
    reexports += 1;
    return lazyReexport(name, relative);
  });
  return reexports > 0 && reexports === requires ? lazy : content;
}

const compile = Module.prototype._compile;
Module.prototype._compile = function compileProviderIndexLazily(content, filename) {
  return compile.call(this, isProviderIndex(filename) ? lazyIndex(content) : content, filename);
};
