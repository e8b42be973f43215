import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, fixture, perfInProcess, tempDir } from '../cli/helpers.js';
import { expectClean, listing } from './harness.js';

const tmp = tempDir('perf-pipes-');
afterAll(tmp.cleanup);

const inspect = (input: string) => ['--lang', 'en', 'inspect', input, '--json'];

describe('inputs that cannot be read at an offset are read as a stream, as - is', () => {
  it('a named pipe (CSV and XLSX)', async () => {
    for (const name of ['deals.csv', 'activity.xlsx']) {
      const fifo = join(tmp.dir, `${name}.fifo`);
      execFileSync('mkfifo', [fifo]);
      // The writer blocks until perf opens the pipe for reading.
      createReadStream(fixture(name)).pipe(createWriteStream(fifo));
      const [piped, direct] = await Promise.all([perfInProcess(inspect(fifo)), perfInProcess(inspect(fixture(name)))]);
      expectClean(piped, name);
      expect(piped.code, piped.stderr).toBe(0);
      const strip = (text: string) => ({ ...JSON.parse(text), file: undefined });
      expect(strip(piped.stdout)).toEqual(strip(direct.stdout));
      expect(JSON.parse(piped.stdout).file).toBe(fifo);
    }
    expect(listing(tmp.dir)).toEqual(['activity.xlsx.fifo', 'deals.csv.fifo']);
  });

  it('process substitution <(…) in bash', async () => {
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn('bash', ['-c', `"${process.execPath}" "${BIN}" --lang en inspect <(cat "${fixture('deals.csv')}") --json`], { env: { ...process.env, NO_COLOR: '1', PERF_CONFIG: '' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/ESPIPE/);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'deals', file: expect.stringMatching(/^\/dev\/fd\/\d+$/) });
  });
});
