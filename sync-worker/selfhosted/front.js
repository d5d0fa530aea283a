// The front of a self-hosted Tsunagu (workerd serve tsunagu.capnp): what Cloudflare's static
// assets do for the hosted service, done here. /v1/* goes to the sync worker untouched; every
// other GET or HEAD reads the app's files from the APP disk service, which sends no content
// type, no listing rules and no headers of its own.

// The types the app's files need: browsers refuse a module script or a streamed wasm module
// sent as application/octet-stream.
const TYPES = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  wasm: "application/wasm",
  css: "text/css; charset=utf-8",
  json: "application/json",
  webmanifest: "application/manifest+json",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  txt: "text/plain; charset=utf-8",
  woff2: "font/woff2",
};

// Trunk names the files of a build with a content hash (style-2bab5f3a650bae8c.css): those never
// change under their name. Everything else (index.html, sw.js, the manifest) is checked each time.
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css)$/;

let headerRules; // the app's _headers file, read once: [{ pattern, headers: [[name, value]] }]

export default {
  async fetch(request, env) {
    try {
      return await route(request, env);
    } catch (error) {
      // Never the runtime's plain-text page: the protocol's JSON error, details in the log.
      console.error("front:", error);
      return new Response(
        JSON.stringify({ error: { code: "internal", message: "the service failed to answer this request; try again" } }),
        { status: 500, headers: { "content-type": "application/json", "cache-control": "no-store" } },
      );
    }
  },
};

async function route(request, env) {
  const url = new URL(request.url);
  if (url.pathname === "/v1" || url.pathname.startsWith("/v1/")) {
    return toWorker(request, env);
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response("Method not allowed\n", {
      status: 405,
      headers: { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" },
    });
  }
  headerRules ??= await readHeaderRules(env);
  let path;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  let file = await readFile(env, path, request.method);
  if (!file && !/\.[a-z0-9]+$/i.test(path)) {
    // A route of the single-page app (/plan, /measures/…): the app itself answers it.
    path = "/index.html";
    file = await readFile(env, path, request.method);
  }
  if (!file) {
    return new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const headers = new Headers();
  const extension = path === "/" ? "html" : path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  headers.set("content-type", TYPES[extension] ?? "application/octet-stream");
  const length = file.headers.get("content-length");
  if (length) headers.set("content-length", length);
  headers.set("cache-control", HASHED.test(path) ? "public, max-age=31536000, immutable" : "no-cache");
  for (const rule of headerRules) {
    if (matches(rule.pattern, url.pathname)) {
      for (const [name, value] of rule.headers) headers.set(name, value);
    }
  }
  return new Response(request.method === "HEAD" ? null : file.body, { status: 200, headers });
}

// What is read and dropped of a body the worker left unread (as the worker itself drains an
// oversized one); past it, workerd closes the connection.
const MAX_DRAINED_BYTES = 16 * 1024 * 1024;

/**
 * Hands a request to the sync worker. The worker answers some requests without reading their
 * body (a 404, a 405, an early 413); workerd then closes the client's connection without saying
 * so, and a client that sends its next request on it (browsers and HTTP libraries keep
 * connections alive) sees a network error. So the body goes through a pipe this front can take
 * back: what the worker left unread is read and dropped here before the answer goes out.
 */
async function toWorker(request, env) {
  if (request.body === null) return env.API.fetch(request);
  if (request.method === "GET" || request.method === "HEAD") {
    // A body on these means nothing to the protocol (and a Request made here may not carry
    // one): the worker gets the request without it, and the body is dropped here.
    const response = await env.API.fetch(new Request(request.url, { method: request.method, headers: request.headers }));
    await drain(request.body.getReader());
    return response;
  }
  const { readable, writable } = new TransformStream();
  const handBack = new AbortController();
  const piped = request.body.pipeTo(writable, { signal: handBack.signal, preventCancel: true }).then(
    () => true,
    () => false,
  );
  const response = await env.API.fetch(new Request(request, { body: readable }));
  handBack.abort();
  if (!(await piped)) await drain(request.body.getReader());
  return response;
}

/** Reads what is left of a body and drops it, up to MAX_DRAINED_BYTES. */
async function drain(reader) {
  for (let dropped = 0; dropped <= MAX_DRAINED_BYTES; ) {
    const { done, value } = await reader.read().catch(() => ({ done: true }));
    if (done) break;
    dropped += value.byteLength;
  }
  reader.releaseLock();
}

/** A regular file of the app, or null (directories, dotfiles and _headers are never served). */
async function readFile(env, path, method) {
  if (path === "/") path = "/index.html";
  if (path === "/_headers" || path.includes("/.") || path.includes("\\")) return null;
  const response = await env.APP.fetch(new Request(`http://app${path}`, { method }));
  const isListing = (response.headers.get("content-type") ?? "").startsWith("application/json");
  if (!response.ok || (isListing && !path.endsWith(".json"))) {
    await response.body?.cancel();
    return null;
  }
  return response;
}

/** Cloudflare's _headers format: a path pattern, then its headers indented as "Name: value". */
async function readHeaderRules(env) {
  const response = await env.APP.fetch(new Request("http://app/_headers"));
  if (!response.ok) return [];
  const rules = [];
  for (const line of (await response.text()).split("\n")) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      rules.push({ pattern: line.trim(), headers: [] });
    } else if (rules.length > 0) {
      const colon = line.indexOf(":");
      if (colon > 0) rules.at(-1).headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }
  return rules;
}

/** A _headers pattern: an exact path, or a prefix ending in "*". */
function matches(pattern, path) {
  return pattern.endsWith("*") ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}
