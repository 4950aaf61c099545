'use strict';
// Shared by the inspector's pages. Every piece of user or item text goes into the page through textContent,
// never as HTML.
const Starec = (() => {
  const KEY = 'starec.token';

  /** A token in the URL fragment (#token=...) is kept for this tab and removed from the address bar. */
  function takeTokenFromFragment() {
    const m = /(?:^#|&)token=([^&]*)/.exec(location.hash);
    if (m) {
      sessionStorage.setItem(KEY, decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  function token() {
    return sessionStorage.getItem(KEY) || '';
  }

  function setToken(t) {
    if (t) {
      sessionStorage.setItem(KEY, t);
    }
  }

  async function getJson(path) {
    const headers = {};
    if (token()) {
      headers.Authorization = 'Bearer ' + token();
    }
    const r = await fetch(path, {headers: headers, cache: 'no-store'});
    let body = null;
    try {
      body = await r.json();
    } catch (e) {
      body = null;
    }
    if (!r.ok) {
      const err = new Error((body && body.error) || ('HTTP ' + r.status));
      err.status = r.status;
      throw err;
    }
    return body;
  }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    if (cls) {
      e.className = cls;
    }
    return e;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function time(ms) {
    return ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '–';
  }

  function num(x, digits) {
    return x === null || x === undefined || Number.isNaN(Number(x)) ? '–' : Number(x).toFixed(digits);
  }

  function explain401(err, status) {
    status.textContent = err.status === 401
      ? 'The stream app wants its token (the content of its http.auth.token.file): enter it above.'
      : 'Error: ' + err.message;
  }

  return {takeTokenFromFragment, token, setToken, getJson, el, clear, time, num, explain401};
})();
