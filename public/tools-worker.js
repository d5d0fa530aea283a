// The tools module's worker (core/src/tools.rs describes the exchange). The app starts it as a
// module worker whose name is JSON naming this build's hashed glue and wasm (read from
// index.html, where scripts/minify-build.sh writes them), so this file needs no build step.
// Messages that arrive while the module loads wait in a queue; if it cannot load, the app is
// told why instead of waiting for answers that never come.
const queue = [];
let handle = null;
self.onmessage = (event) => (handle ? handle(event.data) : queue.push(event.data));

try {
  const { js, wasm } = JSON.parse(self.name);
  const glue = await import(js);
  await glue.default({ module_or_path: wasm });
  handle = glue.handle_message;
  for (const message of queue.splice(0)) handle(message);
} catch (error) {
  self.postMessage([JSON.stringify({ LoadFailed: { detail: String(error) } })]);
}
