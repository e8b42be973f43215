import { run } from './program.js';

// `perf … | head` closes the pipe early: stop writing quietly and finish the run (alerts still record what they sent).
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

// Let stdout drain (pipes) before exiting with the code.
process.exitCode = await run(process.argv);
