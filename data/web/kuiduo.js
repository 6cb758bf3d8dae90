// Kuiduo phone pages: remembers this phone's tracking codes (localStorage)
// and lists them on the home page. Progressive enhancement only: every page
// works without it. No innerHTML: codes are checked and set as text.
(function () {
  'use strict';
  var KEY = 'kuiduo-codes', MAX = 20, CODE = /^[0-9A-Z]{5}-[0-9A-Z]{5}$/;

  function load() {
    try {
      var list = JSON.parse(window.localStorage.getItem(KEY) || '[]');
      return Array.isArray(list) ? list.filter(function (c) { return CODE.test(c); }) : [];
    } catch (e) {
      return [];
    }
  }

  function remember(code) {
    if (!CODE.test(code)) return;
    var list = load().filter(function (c) { return c !== code; });
    list.unshift(code);
    try {
      window.localStorage.setItem(KEY, JSON.stringify(list.slice(0, MAX)));
    } catch (e) { /* private mode or full: nothing to do */ }
  }

  ['new-code', 'case-code'].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) remember(el.getAttribute('data-code') || '');
  });

  var ul = document.getElementById('my-codes');
  if (ul) {
    load().forEach(function (code) {
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = '/r/' + code;
      a.textContent = code;
      li.appendChild(a);
      ul.appendChild(li);
    });
    ul.hidden = ul.children.length === 0;
  }
})();
