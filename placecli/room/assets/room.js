// place room: follows the room's events and sends answers that survive a lost network.
// Without this script the page is plain forms and reloads itself; with it, each event
// redraws the parts that changed, and an answer is kept on the phone until the laptop
// has it.
"use strict";
(function () {
  var token = "";
  var shown = {};
  var drafts = {};
  var KEY = "place-room-pending";
  var status = document.getElementById("status");

  function say(text, offline) {
    status.textContent = text;
    status.className = offline ? "offline" : "";
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(list) {
    try { localStorage.setItem(KEY, JSON.stringify(list)); } catch (e) { /* kept in memory */ }
    pending = list;
  }
  var pending = load();

  function nonce() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function body(form) {
    var data = { nonce: nonce() };
    var fields = form.elements;
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (!f.name || f.name === "token" || f.name === "nonce") continue;
      if ((f.type === "radio" || f.type === "checkbox") && !f.checked) continue;
      if (f.name === "choice") (data.choice = data.choice || []).push(f.value);
      else data[f.name] = f.name === "version" ? Number(f.value) : f.value;
    }
    return data;
  }

  var MESSAGES = { "/a": "Your answer is counted.", "/t": "Sent: the facilitator reads it before anyone sees it.", "/team": "" };

  function send() {
    if (!pending.length || !token) return;
    var item = pending[0];
    fetch(item.url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Place-Token": token },
      body: JSON.stringify(item.body)
    }).then(function (response) {
      if (response.status === 429 || response.status >= 500) { later(); return; }
      save(pending.slice(1));
      if (response.ok) { say(MESSAGES[item.url]); send(); return; }
      return response.json().then(function (answer) { say(answer.error || "Not sent."); });
    }, function () {
      say("No connection: your answer is kept on this phone and will be sent when you are back online.", true);
      later();
    });
  }
  var timer = null;
  function later() { if (!timer) timer = setTimeout(function () { timer = null; send(); }, 3000); }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!token) return;  // not connected yet: the form posts as it is
    event.preventDefault();
    var url = form.getAttribute("action");
    var data = body(form);
    if (url === "/t") drafts[data.activity] = "";
    save(pending.concat([{ url: url, body: data }]));
    form.hidden = true;
    say("Sending…");
    send();
  });

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field.name === "text") drafts[field.form.elements.activity.value] = field.value;
  });

  function swap(id, html) {
    if (shown[id] === html) return;
    shown[id] = html;
    var part = document.getElementById(id);
    part.innerHTML = html;
    var box = part.querySelector("[name=text]");
    if (box && drafts[box.form.elements.activity.value]) box.value = drafts[box.form.elements.activity.value];
    pending.forEach(function (item) {
      var form = part.querySelector("form[action='" + item.url + "']");
      if (form && form.elements.version && Number(form.elements.version.value) === item.body.version) form.hidden = true;
    });
    count();
  }

  var ticking = null;
  function count() {
    var clock = document.getElementById("timer");
    clearInterval(ticking);
    if (!clock) return;
    var left = Number(clock.getAttribute("data-seconds"));
    ticking = setInterval(function () {
      left = Math.max(0, left - 1);
      clock.textContent = left + " seconds left";
      if (!left) clearInterval(ticking);
    }, 1000);
  }

  if (!window.EventSource) return;
  var stream = new EventSource("/events");
  stream.onopen = function () { if (status.className) say(""); send(); };
  stream.onerror = function () { if (!pending.length) say("Reconnecting…", true); };
  var showing = null;
  stream.onmessage = function (message) {
    var view = JSON.parse(message.data);
    var item = view.question || view.activity;
    var version = item ? item.version : 0;
    if (version !== showing && !pending.length) say("");  // a new question: old news goes
    showing = version;
    token = view.token;
    swap("item", view.parts.item);
    swap("board", view.parts.board);
    if (view.ended) stream.close();
  };
  window.addEventListener("online", send);
  count();
})();
