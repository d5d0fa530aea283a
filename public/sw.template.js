// Tsunagu's service worker: keeps the app shell (every file of one build) in the Cache API so
// the app starts with no network. This is a template: scripts/build-sw.sh, a Trunk post_build
// hook, replaces the BUILD line below with the build's file list and writes dist/sw.js.
// Plain script with web platform APIs only (Chromium, Firefox and Safari all have them).

// Every file of the build (but sw.js) with its SHA-256, and an id hashed from all of them.
// The file names change with every build (Trunk hashes them), so the list cannot be written by
// hand; and because sw.js changes byte-wise whenever any file does, the browser's own update
// check (on navigation) is what notices a new version.
const BUILD = { id: "template", files: [] }; // @tsunagu-build: replaced by scripts/build-sw.sh

// One cache per build: a version is either complete in its own cache or not used at all, so a
// page never mixes files of two builds, and removing the other caches cannot touch this one.
const PREFIX = "tsunagu-shell-";
const CACHE = PREFIX + BUILD.id;

self.addEventListener("install", (event) => {
  // If any file fails, installation fails and the previous version stays in charge; the
  // browser tries again at its next update check.
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)),
      );
      // Take over pages that are already open: they loaded all their code at start-up (the
      // wasm, its JS glue and the CSS), so they keep working; their next load is this version.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The sync API (/v1/*) is live, authorised data: always the network, never a cache, so the
  // app sees the truth, including "offline". Other origins and writes are not ours either.
  if (
    request.method !== "GET" ||
    url.origin !== self.location.origin ||
    url.pathname.startsWith("/v1/")
  ) {
    return;
  }
  event.respondWith(fromShell(request));
});

// Cache first: the shell must not wait for a network that may hang rather than fail. Any
// navigation (deep links too) gets this build's index.html; the app routes on the client.
async function fromShell(request) {
  const cache = await caches.open(CACHE);
  // ignoreVary: the stored requests were made by this worker and carry none of the page's
  // headers, so a Vary header from the server must not turn a hit into a miss.
  const hit =
    (await cache.match(request, { ignoreVary: true })) ??
    (request.mode === "navigate" ? await cache.match("./", { ignoreVary: true }) : undefined);
  return hit ?? fetch(request);
}

async function precache() {
  const entries = await Promise.all(
    BUILD.files.map(async ([path, sha256]) => {
      // "no-cache" revalidates with the server: never a stale copy from the HTTP cache, yet a
      // file the page has just loaded costs a 304, not a second download.
      const response = await fetch(path, { cache: "no-cache" });
      if (!response.ok) throw new Error(`precache ${path}: HTTP ${response.status}`);
      const body = await response.arrayBuffer();
      // A server or proxy still handing out a file of another build must not slip it in.
      if ((await sha256Hex(body)) !== sha256) {
        throw new Error(`precache ${path}: the server sent a file of another build`);
      }
      // A fresh Response loses the "redirected" flag, with which browsers refuse a cached
      // index.html as the answer to a navigation. Its body is already decoded, so the
      // server's encoding and length no longer describe it.
      const headers = new Headers(response.headers);
      headers.delete("content-encoding");
      headers.delete("content-length");
      const { status, statusText } = response;
      return [path, new Response(body, { status, statusText, headers })];
    }),
  );
  const cache = await caches.open(CACHE);
  await Promise.all(entries.map(([path, response]) => cache.put(path, response)));
}

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
