'use strict';
// jsii's kernel in one Node process. Started by jsii's Python runtime in place of its own
// jsii-runtime.js (JSII_RUNTIME, set by deploy/accelerator's enable() only while the kernel starts).
//
// jsii's runtime starts the kernel (lib/program.js) as a child process and relays every request and
// answer between Python and that child: each of a synth's ~160 calls crosses two more pipes and two
// event loops (docs/performance.md has the figures). Here the kernel reads requests from
// stdin and writes answers to stdout itself, through a descriptor of its own, and what its JavaScript
// prints reaches Python as the relay sends it: a {"stdout"|"stderr": base64} line on stderr.
const fs = require('fs');
const Module = require('module');
const path = require('path');

const CHANNEL = 'readFD:3,writeFD:3';
const program = process.env.NETWORK_JSII_PROGRAM;
const source = fs.readFileSync(program, 'utf8');
if (source.split(CHANNEL).length !== 2) {
  throw new Error(`${program} does not open its channel as ${CHANNEL}; unset JSII_RUNTIME to use jsii's own runtime`);
}

const answers = fs.openSync('/dev/fd/1', 'w');
for (const name of ['stdout', 'stderr']) {
  process[name].write = (chunk, encoding, callback) => {
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), encoding);
    fs.writeSync(2, `${JSON.stringify({ [name]: bytes.toString('base64') })}\n`);
    if (callback) process.nextTick(callback);
    return true;
  };
}
// The kernel links the packages it loads from its cache as symlinks only when Node keeps symlinked
// paths, as in the relay's child; enable() sets the same flag in NODE_OPTIONS for Node's resolver.
process.execArgv.push('--preserve-symlinks');

// A terminal's Ctrl-C reaches the whole process group. The Python side decides what an interrupt means
// and stops the kernel through its channel at exit; dying here would break that channel under it.
process.on('SIGINT', () => {});

const kernel = new Module(program, module);
kernel.filename = program;
kernel.paths = Module._nodeModulePaths(path.dirname(program));
kernel._compile(source.replace(CHANNEL, `readFD:0,writeFD:${answers}`), program);
