// Tsunagu's service worker: keeps the app shell (every file of one build) in the Cache API so
// the app starts with no network. This is a template: scripts/build-sw.sh, a Trunk post_build
// hook, replaces the BUILD line below with the build's file list and writes dist/sw.js.
// Plain script with web platform APIs only (Chromium, Firefox and Safari all have them).

// Every file of the build (but sw.js) with its SHA-256, and an id hashed from all of them.
// The file names change with every build (Trunk hashes them), so the list cannot be written by
// hand; and because sw.js changes byte-wise whenever any file does, the browser's own update
// check (on navigation) is what notices a new version. `files` is the app shell, stored at
// install (the first load); `deferred` are modules the app loads on demand (the tools module:
// XLSX export), stored in the background once this version is active, or when first fetched.
const BUILD = { id: "template", files: [], deferred: [] }; // @tsunagu-build: replaced by scripts/build-sw.sh

// One cache per build: a version is either complete in its own cache or not used at all, so a
// page never mixes files of two builds, and removing the other caches cannot touch this one.
const PREFIX = "tsunagu-shell-";
const CACHE = PREFIX + BUILD.id;

self.addEventListener("install", (event) => {
  // If any file fails, installation fails and the previous version stays in charge; the
  // browser tries again at its next update check.
  event.waitUntil(precache(BUILD.files).then(() => self.skipWaiting()));
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
      // Not awaited: the deferred modules must not hold up activation (fetches wait for it).
      // The next fetch events keep the worker alive until they are stored (storeDeferred).
      storeDeferred();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  // Any request of a page keeps this worker alive until the deferred modules are stored; once
  // they are, this is a settled promise. It never delays the answer.
  event.waitUntil(storeDeferred());
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
  if (hit) return hit;
  // A deferred module asked for before the background download stored it: fetched, checked
  // and stored as that download would have, so it is there offline next time.
  const deferred = BUILD.deferred.find(([path]) => new URL(path, self.location).href === request.url);
  if (deferred) {
    try {
      const response = await verified(...deferred);
      await cache.put(deferred[0], response.clone());
      return response;
    } catch {
      // Offline, or another build's file: the plain network answer says which.
    }
  }
  return fetch(request);
}

// All files or none: a failed file fails installation.
async function precache(list) {
  const entries = await Promise.all(list.map(async ([path, sha256]) => [path, await verified(path, sha256)]));
  const cache = await caches.open(CACHE);
  await Promise.all(entries.map(([path, response]) => cache.put(path, response)));
}

// The deferred modules, one after another (background work that should not compete with the
// app for a slow line), skipping those already stored. On failure the next fetch event tries
// again, so a visit that went offline early completes the cache on a later one.
let deferredStored = null;
function storeDeferred() {
  deferredStored ??= (async () => {
    const cache = await caches.open(CACHE);
    for (const [path, sha256] of BUILD.deferred) {
      if (await cache.match(path, { ignoreVary: true })) continue;
      await cache.put(path, await verified(path, sha256));
    }
  })().catch((error) => {
    deferredStored = null;
    console.warn("tsunagu service worker: deferred modules not stored yet:", error);
  });
  return deferredStored;
}

// One file of this build from the server, checked against its SHA-256.
async function verified(path, sha256) {
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
  return new Response(body, { status, statusText, headers });
}

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
