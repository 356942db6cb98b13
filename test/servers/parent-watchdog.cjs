// Preloaded (`node --require`) into every server child process the test helpers start.
'use strict';
if (typeof process.send === 'function') {
  // The parent talks to the child over an IPC channel; when the parent dies for any reason
  // (even SIGKILL of a vitest worker) the channel closes and the child exits with it, so
  // no server is ever left running behind a test run.
  process.on('disconnect', () => process.exit(0));

  // The open channel would keep a gracefully closing server (Azurite closes its listener
  // on SIGTERM and waits for the event loop to drain) alive forever: release it. A server
  // without its own SIGTERM handler exits at once, as it would have without this file.
  process.on('SIGTERM', () => {
    if (process.listenerCount('SIGTERM') === 1) process.exit(143);
    if (process.channel) process.channel.unref();
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
