// The service worker: keeps the app shell (styles, scripts, icons, the offline page) so the app opens
// and explains itself without a connection. It never stores a page with someone's journal on it, nor
// any POST: navigations always go to the network, and only the offline page stands in when that fails.
// SW_SETTINGS ({version, shell, offline}) is written above this file by the /sw.js view.
/* global SW_SETTINGS */
"use strict";

const CACHE_PREFIX = "gut-mood-shell-";
const CACHE_NAME = CACHE_PREFIX + SW_SETTINGS.version;
const SHELL = new Set(SW_SETTINGS.shell);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE_NAME)
      .then((cache) => cache.addAll(SW_SETTINGS.shell))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names
          .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME)
          .map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

function offlinePage() {
  return caches.open(CACHE_NAME)
    .then((cache) => cache.match(SW_SETTINGS.offline))
    .then((page) => page || Response.error());
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlinePage));
    return;
  }
  if (SHELL.has(url.pathname)) {
    event.respondWith(
      caches.open(CACHE_NAME)
        .then((cache) => cache.match(request))
        .then((hit) => hit || fetch(request))
    );
  }
});

// Reminders (Web Push): the server sends {title, body, url, tag, icon}; a tap opens that page of this site.
function reminderTarget(data) {
  const url = new URL((data && data.url) || "/today/", self.location.origin);
  return url.origin === self.location.origin ? url.href : new URL("/today/", self.location.origin).href;
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { body: event.data.text() };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Gut–Mood Journal", {
      body: data.body || "",
      tag: data.tag || "reminder",
      icon: data.icon,
      data: { url: reminderTarget(data) },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = (event.notification.data && event.notification.data.url) || reminderTarget({});
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url === target && "focus" in client);
      return open ? open.focus() : self.clients.openWindow(target);
    })
  );
});
