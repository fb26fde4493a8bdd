// The browser half of BrowserHistory (browser_history.py): the module Panel loads for it (_esm).
export function render({ model, el }) {
  // The server echoes a restored query back; pushing that URL again would add an entry and
  // lose Forward, so a push of the current URL is skipped.
  if (!window.__explorablesPushDedup) {
    window.__explorablesPushDedup = true;
    const push = window.history.pushState.bind(window.history);
    window.history.pushState = (state, title, url) => {
      if (url != null && new URL(url, window.location.href).href === window.location.href) return;
      push(state, title, url);
    };
  }
  const onPop = () => {
    const query = new URLSearchParams(window.location.search);
    let missing = false;
    for (const [key, value] of Object.entries(model.defaults)) {
      if (!query.has(key)) { query.set(key, value); missing = true; }
    }
    if (missing) {  // spell the defaults out in place, so the echo is the current URL
      window.history.replaceState(window.history.state, '', '?' + query.toString() + window.location.hash);
    }
    model.send_msg(window.location.search);
  };
  window.addEventListener('popstate', onPop);
  model.on('remove', () => window.removeEventListener('popstate', onPop));
  el.style.display = 'none';
}
