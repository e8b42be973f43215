// `perf --version` answers before anything else loads: no command, no library.
if (process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === '-V')) {
  const { VERSION } = await import('./version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  const { run } = await import('./program.js');
  // `perf … | head` closes the pipe early: stop writing quietly and finish the run (alerts still record what they sent).
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  // Let stdout drain (pipes) before exiting with the code.
  process.exitCode = await run(process.argv);
}
