#!/usr/bin/env node
// The quickstart's main job: serve the greeting function on localhost through faasade's
// local runtime and call it the ways a client would, printing each answer.
import { startDevServer } from '@faasade/cli';
import hello from '@faasade/hello';

const calls = [
  { label: 'GET  /hello?name=Ada', path: '/hello?name=Ada' },
  { label: 'POST /hello {"name":"Grace"}', path: '/hello', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Grace"}' } },
  { label: 'GET  /hello', path: '/hello' },
  { label: 'POST /hello {"name":', path: '/hello', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' } },
  { label: 'DELETE /hello', path: '/hello', init: { method: 'DELETE' } },
];

const log = [];
const server = await startDevServer({
  functions: [hello],
  logSink: (line) => log.push(line),
  onInvocation: () => {},
});
console.log(`\nfaasade demo — the hello function, written once, served locally at ${server.url}/hello\n`);
try {
  for (const call of calls) {
    const response = await fetch(server.url + call.path, call.init);
    const body = await response.text();
    console.log(`  ${call.label.padEnd(32)} → ${response.status} ${body}`);
  }
} finally {
  await server.close();
}
console.log(`\nThe same function runs unchanged on AWS Lambda (@faasade/aws), Azure Functions (@faasade/azure)
and Cloud Functions (@faasade/gcp); \`npm test\` runs it inside each cloud's runtime library.\n`);
