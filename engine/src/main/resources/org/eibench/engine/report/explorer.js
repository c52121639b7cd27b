// The sample explorer of report.html: filters, search, sort and lazily rendered cards over the data blob in
// #explorer-data. Every text from a run is set with textContent (answers and judge replies are model output).
(function () {
  'use strict';
  const BATCH = 24;
  const data = JSON.parse(document.getElementById('explorer-data').textContent);
  const root = document.getElementById('explorer');
  const state = { category: '', triggers: '', failure: '', q: '', sort: 'order', runs: data.runs.map((r, i) => i) };
  let matching = [];
  let rendered = 0;
  let current = -1;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  const percent = v => (v === null || v === undefined) ? '–' : (v * 100).toFixed(1) + '%';

  for (const s of data.samples) {
    const texts = [s.image, s.question, s.groundTruth, s.category];
    for (const e of s.entries) texts.push(e.id, e.answer, e.reply);
    s.hay = texts.filter(t => t).join('\n').toLowerCase();
  }

  // the strict judge score: a failure counts 0, an unjudged entry has none
  function judgeScore(e) {
    if (!e.status) return null;
    return e.status === 'VALID' && e.total > 0 ? e.correct / e.total : 0;
  }
  function failed(e) { return !!e.status && e.status !== 'VALID'; }
  function triggersPass(e, want) {
    if (!want) return true;
    if (!e.triggers) return false;
    const found = e.triggers.filter(t => t.found).length;
    const n = e.triggers.length;
    switch (want) {
      case 'some-missed': return found < n;
      case 'some-found': return found > 0;
      case 'all-found': return n > 0 && found === n;
      case 'none-found': return found === 0;
      default: return true;
    }
  }
  function visibleEntries(s) { return s.entries.filter(e => state.runs.includes(e.run)); }
  function entryPasses(e) {
    if (state.failure === 'only' && !failed(e)) return false;
    if (state.failure === 'none' && failed(e)) return false;
    return triggersPass(e, state.triggers);
  }
  function sortKey(s) {
    const metric = state.sort.startsWith('judge') ? judgeScore : e => e.semantic;
    const values = visibleEntries(s).map(metric).filter(v => v !== null && v !== undefined);
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  }

  function applyFilters() {
    const q = state.q.trim().toLowerCase();
    matching = [];
    data.samples.forEach((s, i) => {
      if (state.category && s.category !== state.category) return;
      if (q && !s.hay.includes(q)) return;
      if (!visibleEntries(s).some(entryPasses)) return;
      matching.push(i);
    });
    if (state.sort !== 'order') {
      const sign = state.sort.endsWith('desc') ? -1 : 1;
      const keys = new Map(matching.map(i => [i, sortKey(data.samples[i])]));
      matching.sort((a, b) => {
        const ka = keys.get(a), kb = keys.get(b);
        if (ka === null && kb === null) return a - b;
        if (ka === null) return 1;
        if (kb === null) return -1;
        return ka === kb ? a - b : sign * (ka - kb);
      });
    }
    list.replaceChildren();
    rendered = 0;
    current = -1;
    renderMore();
    writeHash();
  }

  function renderMore() {
    const end = Math.min(matching.length, rendered + BATCH);
    const fragment = document.createDocumentFragment();
    for (; rendered < end; rendered++) fragment.appendChild(card(data.samples[matching[rendered]], rendered));
    list.appendChild(fragment);
    count.textContent = 'Showing ' + rendered + ' of ' + matching.length + ' matching samples (' +
        data.samples.length + ' in all, ' + data.runs.length + ' run' + (data.runs.length === 1 ? '' : 's') + ')';
    count.dataset.matching = matching.length;
    count.dataset.rendered = rendered;
    more.hidden = rendered >= matching.length;
  }

  function thumbnail(key) {
    const box = el('div', 'thumb');
    const image = data.images[key];
    if (image && image.src) {
      const img = el('img');
      img.src = image.src;
      img.width = image.w;
      img.height = image.h;
      img.alt = key;
      box.appendChild(img);
    } else {
      box.classList.add('missing');
      box.appendChild(el('strong', null, 'missing'));
      box.appendChild(el('small', null, image ? image.missing : 'no image root given (eibench report --images ROOT)'));
    }
    return box;
  }

  function entry(e) {
    const run = data.runs[e.run];
    const box = el('section', 'entry');
    box.dataset.run = e.run;
    box.appendChild(el('header', null, run.label));
    box.appendChild(el('div', 'answer', e.answer || '(no answer)'));
    if (e.triggers) {
      const found = e.triggers.filter(t => t.found).length;
      box.appendChild(el('div', 'semantic', 'Triggers found: ' + found + '/' + e.triggers.length +
          (e.semantic !== null && e.semantic !== undefined ? ' · semantic recall ' + percent(e.semantic) : '')));
      const ul = el('ul', 'triggers');
      for (const t of e.triggers) {
        const li = el('li', t.found ? 'found' : 'missed');
        li.appendChild(el('span', 'mark', t.found ? '✓ found' : '✗ missed'));
        li.appendChild(el('span', 'trigger', t.trigger));
        if (t.sentence !== undefined && t.sentence !== null) {
          li.appendChild(el('div', 'match', '“' + t.sentence + '” · similarity ' + t.similarity.toFixed(3)));
        }
        ul.appendChild(li);
      }
      box.appendChild(ul);
    } else {
      box.appendChild(el('div', 'semantic none', 'semantic matching not scored for this run'));
    }
    if (e.status) {
      const judge = el('div', 'judge' + (failed(e) ? ' failure' : ''));
      const score = e.correct !== null && e.correct !== undefined ? e.correct + '/' + e.total + ' ' : '';
      judge.appendChild(el('div', 'score', 'Judge: ' + score + e.status.toLowerCase().replace(/_/g, ' ')));
      if (e.reply) judge.appendChild(el('div', 'reply', e.reply));
      box.appendChild(judge);
    }
    return box;
  }

  function card(s, position) {
    const article = el('article', 'card');
    article.dataset.position = position;
    article.dataset.category = s.category || '';
    article.appendChild(thumbnail(s.image));
    const body = el('div', 'body');
    const meta = el('div', 'meta');
    meta.appendChild(el('span', 'category', s.category || 'no category'));
    meta.appendChild(el('span', 'image', s.image));
    body.appendChild(meta);
    body.appendChild(el('h3', 'question', s.question));
    const shown = visibleEntries(s);
    if (!shown.some(e => e.triggers)) body.appendChild(el('div', 'ground-truth', s.groundTruth));
    const entries = el('div', 'entries');
    entries.style.gridTemplateColumns = 'repeat(' + Math.max(1, shown.length) + ', minmax(0, 1fr))';
    shown.forEach(e => entries.appendChild(entry(e)));
    body.appendChild(entries);
    article.appendChild(body);
    return article;
  }

  function move(step) {
    if (!matching.length) return;
    const next = Math.max(0, Math.min(matching.length - 1, current + step));
    while (next >= rendered) renderMore();
    const cards = list.children;
    if (current >= 0 && cards[current]) cards[current].classList.remove('current');
    current = next;
    cards[current].classList.add('current');
    cards[current].scrollIntoView({ block: 'center' });
  }

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    for (const key of ['category', 'triggers', 'failure', 'q', 'sort']) {
      if (params.has(key)) state[key] = params.get(key);
    }
    if (params.has('runs')) {
      state.runs = params.get('runs').split(',').filter(x => x !== '').map(Number)
          .filter(i => i >= 0 && i < data.runs.length);
    }
  }
  function writeHash() {
    const params = new URLSearchParams();
    for (const key of ['category', 'triggers', 'failure', 'q']) if (state[key]) params.set(key, state[key]);
    if (state.sort !== 'order') params.set('sort', state.sort);
    if (state.runs.length !== data.runs.length) params.set('runs', state.runs.join(','));
    const hash = params.toString();
    if (hash !== location.hash.slice(1)) history.replaceState(null, '', hash ? '#' + hash : location.pathname);
  }

  function select(id, label, options, key) {
    const wrap = el('label', null, label + ' ');
    const s = el('select');
    s.id = id;
    for (const [value, text] of options) {
      const o = el('option', null, text);
      o.value = value;
      s.appendChild(o);
    }
    s.value = state[key];
    s.addEventListener('change', () => { state[key] = s.value; applyFilters(); });
    wrap.appendChild(s);
    return wrap;
  }

  readHash();
  const controls = el('div', 'controls');
  controls.appendChild(select('explorer-category', 'Category', [['', 'all']].concat(data.categories.map(c => [c, c])),
      'category'));
  controls.appendChild(select('explorer-triggers', 'Triggers', [['', 'any'], ['some-missed', 'some missed'],
      ['some-found', 'some found'], ['all-found', 'all found'], ['none-found', 'none found']], 'triggers'));
  controls.appendChild(select('explorer-failure', 'Judge', [['', 'any'], ['only', 'failures only'],
      ['none', 'no failure']], 'failure'));
  controls.appendChild(select('explorer-sort', 'Sort', [['order', 'dataset order'], ['judge-asc', 'judge score ↑'],
      ['judge-desc', 'judge score ↓'], ['semantic-asc', 'semantic recall ↑'], ['semantic-desc', 'semantic recall ↓']],
      'sort'));
  const search = el('input');
  search.id = 'explorer-search';
  search.type = 'search';
  search.placeholder = 'search text ( / )';
  search.value = state.q;
  let typing;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.q = search.value; applyFilters(); }, 120);
  });
  controls.appendChild(search);
  const runs = el('div', 'runs');
  data.runs.forEach((r, i) => {
    const label = el('label');
    const box = el('input');
    box.type = 'checkbox';
    box.checked = state.runs.includes(i);
    box.dataset.run = i;
    box.addEventListener('change', () => {
      state.runs = [...runs.querySelectorAll('input:checked')].map(b => Number(b.dataset.run));
      applyFilters();
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(' ' + r.label + ' (' + (r.benchmark || '?') + ')'));
    runs.appendChild(label);
  });
  controls.appendChild(runs);
  controls.appendChild(el('div', 'keys', 'Keys: j / ↓ next sample, k / ↑ previous, / search, Esc leaves the search.'));
  const count = el('div', 'count');
  count.id = 'explorer-count';
  const list = el('div', 'cards');
  list.id = 'explorer-cards';
  const more = el('div', 'more', 'more…');
  root.replaceChildren(controls, count, list, more);

  document.addEventListener('keydown', ev => {
    const t = ev.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) {
      if (ev.key === 'Escape') t.blur();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    // the arrows step through samples only while the explorer is on screen, so the rest of the page scrolls as usual
    const onScreen = root.getBoundingClientRect().top < window.innerHeight;
    if (ev.key === '/') { ev.preventDefault(); search.focus(); }
    else if (ev.key === 'j' || (ev.key === 'ArrowDown' && onScreen)) { ev.preventDefault(); move(1); }
    else if (ev.key === 'k' || (ev.key === 'ArrowUp' && onScreen)) { ev.preventDefault(); move(-1); }
  });
  if ('IntersectionObserver' in window) {
    new IntersectionObserver(entries => {
      if (entries.some(e => e.isIntersecting) && rendered < matching.length) renderMore();
    }, { rootMargin: '800px' }).observe(more);
  }
  more.addEventListener('click', renderMore);
  applyFilters();
  root.dataset.readyMs = performance.now().toFixed(0);
  root.dataset.ready = 'true';
})();
