'use strict';
(() => {
  const S = Starec;
  const el = S.el;
  const status = document.getElementById('status');
  let titles = {};

  function item(id) {
    return titles[id] ? titles[id] + ' (' + id + ')' : id;
  }

  function row(tbody, cells) {
    const tr = el('tr');
    cells.forEach((c) => tr.appendChild(el('td', c)));
    tbody.appendChild(tr);
  }

  function feedback(r) {
    const what = r.rating !== null ? 'rated ' + r.rating : r.interactionType;
    return what + (r.actualLiked ? ' (liked it)' : ' (did not like it)');
  }

  function renderProfile(agent) {
    const m = agent.memory;
    document.getElementById('agent-id').textContent = agent.userId;
    const dl = document.getElementById('demographics');
    S.clear(dl);
    [['gender', m.gender], ['age', m.age], ['occupation', m.occupation], ['interactions', m.interactionCount],
      ['reflections', m.reflectionCount], ['last change', S.time(m.updatedMs)]].forEach(([k, v]) => {
      dl.appendChild(el('dt', k));
      dl.appendChild(el('dd', v === null || v === undefined ? '–' : v));
    });
    document.getElementById('description').textContent =
      m.description || '(none yet: the first reflection writes it)';
  }

  function renderReflections(memory) {
    const list = document.getElementById('reflections');
    S.clear(list);
    const log = memory.reflections.slice().reverse();
    if (log.length === 0) {
      list.appendChild(el('li', 'No reflection yet.', 'note'));
    }
    log.forEach((r) => {
      const li = el('li', null, 'card reflection');
      li.appendChild(el('h3', S.time(r.eventMs) + ' · ' + (r.itemTitle || r.itemId) + ' (' + r.itemId + ')'));
      li.appendChild(el('div', 'Predicted: ranked ' + r.predictedRank + ' of ' + r.candidateCount
        + (r.predictedLiked ? ' (expected a like)' : ' (expected no like)')));
      li.appendChild(el('div', 'What happened: ' + feedback(r)));
      li.appendChild(el('div', 'Description before:', 'note'));
      li.appendChild(el('div', r.descriptionBefore || '(empty)', 'before'));
      li.appendChild(el('div', 'Description after:', 'note'));
      li.appendChild(el('div', r.descriptionAfter, 'after'));
      list.appendChild(li);
    });
  }

  function renderOutcome(card, r) {
    const o = r.outcome;
    if (r.error) {
      card.appendChild(el('div', 'Not rankable: ' + r.error, 'badge bad'));
    } else if (!o) {
      card.appendChild(el('div', r.degraded ? 'Degraded answer: earns no reward.' : 'Awaiting ground truth.', 'note'));
    } else {
      const where = o.positiveRank === null ? 'not ranked' : 'at rank ' + o.positiveRank;
      card.appendChild(el('div', 'Reward ' + S.num(o.reward, 1) + ' · positive item ' + item(o.positiveItemId)
        + ' ' + where + ' · NDCG@10 ' + S.num(o.ndcgAt10, 3), o.reward > 0 ? 'badge good' : 'badge'));
    }
  }

  function renderRankings(agent) {
    const box = document.getElementById('rankings');
    S.clear(box);
    document.getElementById('rankings-kept').textContent = 'Kept: ' + agent.rankingsKept + '.';
    if (agent.rankings.length === 0) {
      box.appendChild(el('p', 'No ranking served by this instance yet.', 'note'));
    }
    agent.rankings.forEach((r) => {
      const card = el('div', null, 'card ranking');
      const head = el('h3', 'Request ' + r.requestId + ' · ' + S.time(r.observedMs) + ' · ' + (r.backend || '–')
        + ' ' + (r.modelVersion || '') + ' · ' + r.latencyMs + ' ms');
      if (r.degraded) {
        head.appendChild(el('span', 'degraded', 'badge bad'));
      }
      card.appendChild(head);
      renderOutcome(card, r);
      if (r.rationale) {
        card.appendChild(el('div', 'Rationale:', 'note'));
        card.appendChild(el('div', r.rationale, 'rationale'));
      }
      const ol = el('ol', null, 'ranked');
      r.ranked.forEach((x) => {
        const li = el('li');
        li.appendChild(el('span', item(x.itemId)));
        if (x.score !== null) {
          li.appendChild(el('span', ' ' + S.num(x.score, 3), 'score'));
        }
        if (x.explanation) {
          li.appendChild(el('span', ' - ' + x.explanation, 'explanation'));
        }
        ol.appendChild(li);
      });
      card.appendChild(ol);
      if (r.parseIssues.length > 0) {
        card.appendChild(el('div', 'Parse issues: ' + r.parseIssues.join('; '), 'note'));
      }
      box.appendChild(card);
    });
  }

  function renderPending(memory) {
    const tbody = document.querySelector('#pending tbody');
    S.clear(tbody);
    memory.pending.slice().reverse().forEach((p) => {
      const served = (p.rollouts.find((r) => r.rollout === 0) || p.rollouts[0] || {rankedItemIds: []});
      row(tbody, [p.requestId, S.time(p.createdMs), p.backend + ' ' + p.modelVersion,
        p.resolved ? 'resolved' : (p.degraded ? 'degraded' : 'waiting'),
        served.rankedItemIds.slice(0, 5).map(item).join(', ')]);
    });
  }

  function renderHistory(memory) {
    const tbody = document.querySelector('#history tbody');
    S.clear(tbody);
    memory.history.slice().reverse().forEach((h) => {
      row(tbody, [S.time(h.timestampMs), item(h.itemId), h.type, h.rating === null ? '–' : h.rating,
        h.liked ? 'yes' : 'no']);
    });
  }

  async function show(userId) {
    status.textContent = 'Loading ' + userId + ' ...';
    try {
      const agent = await S.getJson('../users/' + encodeURIComponent(userId) + '/agent');
      titles = agent.titles;
      renderProfile(agent);
      renderReflections(agent.memory);
      renderRankings(agent);
      renderPending(agent.memory);
      renderHistory(agent.memory);
      document.getElementById('agent').hidden = false;
      status.textContent = '';
    } catch (err) {
      document.getElementById('agent').hidden = true;
      if (err.status === 404) {
        status.textContent = 'Unknown user ' + userId + ': no interaction or ranking of theirs reached the stream app.';
      } else {
        S.explain401(err, status);
      }
    }
  }

  S.takeTokenFromFragment();
  const params = new URLSearchParams(location.search);
  const input = document.getElementById('user');
  document.getElementById('lookup').addEventListener('submit', (e) => {
    e.preventDefault();
    S.setToken(document.getElementById('token').value.trim());
    const id = input.value.trim();
    history.replaceState(null, '', '?user=' + encodeURIComponent(id));
    show(id);
  });
  if (params.get('user')) {
    input.value = params.get('user');
    show(params.get('user'));
  }
})();
