/** The command's help text. */
export const USAGE = `usage: faasade <command> [options]

  faasade dev [<module>...] [--port <n>] [--host <address>] [--config <file>] [--json] [--trace] [--no-watch]
      Serve the project's functions locally: HTTP functions at their routes (port 3000),
      object functions on files created or deleted in their bucket directories
      (.faasade/buckets/<name>/). Code changes reload without a restart. --trace prints
      each invocation's spans (storage calls, the write an event came from).

  faasade invoke <function> [--event <file>|-] [--cloud aws|azure|gcp] [--config <file>]
      Run one invocation and print the result as JSON. <function> is a declared name or
      a module path. The event is neutral ({"method","path","headers","body"} for HTTP,
      an object event for storage functions), or with --cloud a recorded event of that
      cloud, run through its adapter as deployed.

  faasade build --target aws|azure|gcp [--out <dir>] [<module>...]
      Write a deployable artifact per function and the cloud's deployment template
      (faasade build --help).

Functions are found through faasade.config.json ({"functions": [...], "buckets": {...}})
or, without one, in packages/functions/*. See docs/cli.md.`;
