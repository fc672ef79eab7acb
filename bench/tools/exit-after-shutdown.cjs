// Preload for profiling a Nest process (`node --require ./bench/tools/exit-after-shutdown.cjs --cpu-prof …`):
// Nest's shutdown hooks end the process by raising SIGTERM again once they are done, and a process
// killed by a signal writes no --cpu-prof profile. With this listener present the second SIGTERM
// (the re-raised one) ends the process with process.exit instead, which writes it.
'use strict';
let seen = 0;
process.on('SIGTERM', () => {
  if (++seen >= 2) process.exit(0);
});
