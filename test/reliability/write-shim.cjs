/**
 * Preloaded into the CLI (NODE_OPTIONS=--require) by the safe-output tests, to make "interrupted while
 * writing" deterministic: writes to perf's temporaries (`.NAME.tmp-*`), streamed or through a descriptor,
 * announce themselves on stderr and then crawl (PERF_SHIM_DELAY_MS per chunk), or fail half-way like a
 * full disk (PERF_SHIM_FAIL=1).
 * Nothing else is touched.
 */
'use strict';
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');

const delay = Number(process.env.PERF_SHIM_DELAY_MS ?? 0);
const fail = process.env.PERF_SHIM_FAIL === '1';
const isTemp = (p) => typeof p === 'string' && /\.tmp-/.test(p);
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

const createWriteStream = fs.createWriteStream;
fs.createWriteStream = function (path, options) {
  const stream = createWriteStream.call(this, path, options);
  if (!isTemp(path)) return stream;
  const write = stream._write.bind(stream);
  let written = 0;
  stream._writev = null;
  stream._write = (chunk, encoding, callback) => {
    // The file is open and its first bytes are on their way: announce it now.
    if (written === 0) process.stderr.write(`[shim] writing ${path}\n`);
    written += chunk.length;
    if (fail && written > 2048) return callback(enospc());
    setTimeout(() => write(chunk, encoding, callback), delay);
  };
  return stream;
};

const writeFileSync = fs.writeFileSync;
fs.writeFileSync = function (path, data, options) {
  if (!isTemp(path)) return writeFileSync.call(this, path, data, options);
  process.stderr.write(`[shim] writing ${path}\n`);
  if (!fail) return writeFileSync.call(this, path, data, options);
  writeFileSync.call(this, path, Buffer.from(data).subarray(0, 100));
  throw enospc();
};

// Workbooks are written through a descriptor (ZipOut: openSync, then writeSync), between awaits: a write
// there sleeps without yielding, and a signal sent meanwhile is handled at the next await.
const tempFds = new Map();
const openSync = fs.openSync;
fs.openSync = function (path, ...rest) {
  const fd = openSync.call(this, path, ...rest);
  if (isTemp(path)) tempFds.set(fd, { path, written: 0 });
  return fd;
};
const closeSync = fs.closeSync;
fs.closeSync = function (fd) {
  tempFds.delete(fd);
  return closeSync.call(this, fd);
};
const pause = new Int32Array(new SharedArrayBuffer(4));
const writeSync = fs.writeSync;
fs.writeSync = function (fd, buffer, ...rest) {
  const temp = tempFds.get(fd);
  if (!temp) return writeSync.call(this, fd, buffer, ...rest);
  if (temp.written === 0) process.stderr.write(`[shim] writing ${temp.path}\n`);
  const n = writeSync.call(this, fd, buffer, ...rest);
  temp.written += n;
  if (fail && temp.written > 2048) throw enospc();
  if (delay) Atomics.wait(pause, 0, 0, delay);
  return n;
};

syncBuiltinESMExports();
