// `perf --version` answers before anything else loads: no command, no library.
if (process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === '-V')) {
  const { VERSION } = await import('./version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  const [{ run }, { EXIT }] = await Promise.all([import('./program.js'), import('../core/errors.js')]);
  // `perf … | head` closes the pipe early: stop writing quietly and finish the run. Any other write error
  // (a full disk) fails the run with one clean line; the command that awaited its write says what it means.
  let stdoutFailed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || stdoutFailed) return;
    stdoutFailed = true;
    process.stderr.write(`perf: cannot write to stdout: ${e.code ?? e.message}\n`);
    process.exitCode = EXIT.unexpected;
  });
  const code = await run(process.argv);
  // Let stdout drain (pipes) before exiting with the code.
  process.exitCode = stdoutFailed && code === EXIT.ok ? EXIT.unexpected : code;
}
