// Starts the app. Trunk would inline this loader into index.html, which the Content-Security-
// Policy (script-src 'self' 'wasm-unsafe-eval', docs/deploy.md) forbids, so Trunk.toml's
// pattern_script loads this file instead, naming the build's hashed files in data attributes.
const tag = document.querySelector("script[data-tsunagu-js]");
const { default: init } = await import(tag.dataset.tsunaguJs);
await init({ module_or_path: tag.dataset.tsunaguWasm });
