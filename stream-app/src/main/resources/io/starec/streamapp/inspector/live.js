'use strict';
(() => {
  const S = Starec;
  const status = document.getElementById('status');
  let previous = null;

  function set(id, text) {
    document.getElementById(id).textContent = text;
  }

  function rate(now, before, field) {
    if (!before || now.timeMs <= before.timeMs) {
      return '–';
    }
    return S.num((now[field] - before[field]) * 1000 / (now.timeMs - before.timeMs), 1);
  }

  async function poll() {
    try {
      const live = await S.getJson('../live');
      status.textContent = '';
      const answered = live.served + live.degraded + live.errors;
      const before = previous && Object.assign({}, previous,
        {answered: previous.served + previous.degraded + previous.errors});
      set('events-rate', rate(live, before, 'interactions'));
      set('interactions', S.num(live.interactions, 0));
      set('rankings-rate', rate(Object.assign({answered: answered}, live), before, 'answered'));
      set('rankings', S.num(live.served, 0) + ' / ' + S.num(live.degraded, 0) + ' / ' + S.num(live.errors, 0));
      set('latency', S.num(live.p50Ms, 0) + ' / ' + S.num(live.p99Ms, 0));
      set('reflections', S.num(live.reflectionsRequested, 0) + ' / ' + S.num(live.reflectionsApplied, 0));
      set('ndcg', S.num(live.servedNdcgAt10, 3));
      set('reward', S.num(live.servedReward, 3));
      set('resolved', S.num(live.resolvedRankings, 0));
      set('dlq', S.num(live.deadLetters, 0));
      previous = live;
    } catch (err) {
      S.explain401(err, status);
    }
  }

  S.takeTokenFromFragment();
  document.getElementById('lookup').addEventListener('submit', (e) => {
    e.preventDefault();
    S.setToken(document.getElementById('token').value.trim());
    poll();
  });
  poll();
  setInterval(poll, 2000);
})();
