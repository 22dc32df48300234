/* app.js: the web console's pages, drawn in the browser from the JSON API (no framework).
 * Every text from the server goes in as text (never as HTML); every state-changing call
 * sends the session's X-CSRF-Token. Pages are chosen by the address's #fragment. */
'use strict';

const S = { me: null, slots: [], zones: [], timers: [], off: 0 };

/* ------------------------------------------------------------------ helpers */

function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false)
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}

async function api(method, path, body, raw) {
  const opt = { method, credentials: 'same-origin', headers: {} };
  if (method !== 'GET' && S.me) opt.headers['X-CSRF-Token'] = S.me.csrf;
  if (body instanceof FormData) opt.body = body;
  else if (body !== undefined) { opt.headers['Content-Type'] = 'application/json'; opt.body = JSON.stringify(body); }
  const res = await fetch(path, opt);
  if (res.status === 401 && path !== '/api/login') { S.me = null; showLogin(); throw new Error('Cần đăng nhập'); }
  if (raw) { if (!res.ok) throw new Error('HTTP ' + res.status); return res; }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) { const e = new Error(data.error || ('HTTP ' + res.status)); e.status = res.status; throw e; }
  return data;
}

function toast(msg) {
  const t = document.getElementById('toast');
  t.textContent = msg;
  t.classList.add('show');
  clearTimeout(toast.t);
  toast.t = setTimeout(() => t.classList.remove('show'), 4000);
}

/* Times are the station's (its UTC offset from /api/me), whatever the browser's zone: a
 * date is a Date at noon UTC, read with the UTC getters. */
const pad = n => String(n).padStart(2, '0');
function local(unix) { return new Date((unix + S.off) * 1000); }
function hhmm(unix) { const d = local(unix); return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()); }
function dmy(iso) { const [y, m, d] = iso.split('-'); return d + '/' + m + '/' + y; }
function isoDate(d) { return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()); }
function day(iso) { return new Date(iso + 'T12:00:00Z'); }
function addDays(d, n) { const x = new Date(d); x.setUTCDate(x.getUTCDate() + n); return x; }
function today() { return isoDate(local(Date.now() / 1000)); }
function when(unix) { return dmy(isoDate(local(unix))) + ' ' + hhmm(unix); }
function mins(sec) { sec = Math.round(sec || 0); return Math.floor(sec / 60) + ':' + pad(sec % 60); }
const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const STATES = { 'queued': 'Đang chờ dựng', 'building': 'Đang dựng', 'awaiting-approval': 'Chờ duyệt',
  'approved': 'Đã duyệt, sẽ phát', 'failed': 'Lỗi', 'withdrawn': 'Đã rút',
  'missed': 'Lỡ giờ phát', 'unknown': 'Chưa rõ', 'intent': 'Đang trao', 'folder': 'Chỉ vào thư mục' };
function badge(state) { return h('span', { class: 'badge ' + state }, STATES[state] || state); }
function can(role) { const r = ['editor', 'approver', 'admin']; return S.me && r.indexOf(S.me.role) >= r.indexOf(role); }
function bulletinLink(id) { return '#nghe/' + encodeURIComponent(id); }
function apiId(id) { return id.split('/').map(encodeURIComponent).join('%2F'); }

function page(title, ...kids) {
  const m = document.getElementById('main');
  m.replaceChildren(h('h1', {}, title), ...kids.filter(k => k));
  document.title = title + ' — ' + (S.me ? S.me.station : 'loa');
  return m;
}
function failBox(e) { return h('p', { class: 'error', role: 'alert' }, e.message); }
function every(ms, fn) { S.timers.push(setInterval(fn, ms)); }

/* ------------------------------------------------------------------ login */

function showLogin() {
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  const err = h('p', { class: 'error', role: 'alert', hidden: true });
  const user = h('input', { type: 'text', id: 'user', name: 'user', autocomplete: 'username', required: true });
  const pass = h('input', { type: 'password', id: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card login', onsubmit: async ev => {
      ev.preventDefault();
      err.hidden = true;
      try {
        await api('POST', '/api/login', { user: user.value, password: pass.value });
        pass.value = '';
        await start();
      } catch (e) { err.textContent = e.status === 401 ? 'Sai tên hoặc mật khẩu.' : e.message; err.hidden = false; }
    } },
    h('h1', {}, 'Đăng nhập'),
    h('label', { for: 'user' }, 'Tên người dùng'), user,
    h('label', { for: 'password' }, 'Mật khẩu'), pass,
    h('div', { class: 'row' }, h('button', { type: 'submit', id: 'login-button' }, 'Đăng nhập')), err);
  document.getElementById('main').replaceChildren(form);
  user.focus();
}

async function start() {
  S.me = await api('GET', '/api/me');
  S.off = S.me.utc_offset || 0;
  document.getElementById('station').textContent = S.me.station;
  document.getElementById('who-name').textContent = S.me.user + ' (' +
    ({ editor: 'biên tập', approver: 'người duyệt', admin: 'quản trị' }[S.me.role]) + ')';
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  for (const a of document.querySelectorAll('#nav a[data-role]')) a.hidden = !can(a.dataset.role);
  try {
    const t = await api('GET', '/api/schedule?from=' + today() + '&to=' + today());
    S.slots = t.slots.map(s => ({ name: s.slot, label: s.label, start: s.start }));
    S.zones = (await api('GET', '/api/zones')).zones;
  } catch (e) { /* the pages say it */ }
  route();
}

/* ------------------------------------------------------------------ Hôm nay */

async function pageToday() {
  const m = page('Hôm nay');
  let t;
  try { t = await api('GET', '/api/today'); } catch (e) { return m.append(failBox(e)); }
  const countdown = h('span', { class: 'big', id: 'countdown' });
  const tick = () => {
    if (!t.next) return;
    const s = Math.max(0, t.next.start - Math.floor(Date.now() / 1000));
    countdown.textContent = Math.floor(s / 3600) + ' giờ ' + pad(Math.floor(s / 60) % 60) + ' phút ' + pad(s % 60) + ' giây';
  };
  tick();
  every(1000, tick);
  m.append(h('div', { class: 'grid2' },
    h('section', { class: 'card', 'aria-labelledby': 'h-onair' },
      h('h2', { id: 'h-onair' }, 'Đang phát'),
      h('p', {}, t.on_air ? t.on_air : 'Không có chương trình nào đang phát.'),
      h('p', { class: 'muted' }, t.watch ? 'Thư mục nhận bản tin đang chạy.' : 'Cảnh báo: loa watch không chạy, bản tin gửi lên sẽ chờ.')),
    h('section', { class: 'card', 'aria-labelledby': 'h-next' },
      h('h2', { id: 'h-next' }, 'Buổi phát tiếp theo'),
      t.next ? [h('p', {}, t.next.label + ' lúc ' + hhmm(t.next.start)), h('p', {}, 'Còn ', countdown)]
             : h('p', {}, 'Chưa có buổi phát nào.'))));
  const progs = h('section', { class: 'card', 'aria-labelledby': 'h-progs' }, h('h2', { id: 'h-progs' }, 'Chương trình hôm nay'));
  for (const s of t.programmes) {
    progs.append(...[h('h3', {}, s.label + ' — ' + hhmm(s.start) + ' (' + mins(s.seconds) + ')'),
      s.air.length ? h('p', {}, s.air.map(a => [badge(a.state === 'queued' ? 'approved' : a.state), ' ',
        a.zone ? a.zone + ': ' : '', a.reason ? a.reason + ' ' : ''])) : null,
      s.items.length ? h('ul', { class: 'plain' }, s.items.map(i => h('li', {},
        h('a', { href: bulletinLink(i.id) }, i.title), ' — ' + mins(i.seconds) + ', ' + i.priority +
        (i.replay ? ', phát lại lần ' + i.replay : '') + (i.zones !== 'tất cả' ? ', ' + i.zones : ''))))
        : h('p', { class: 'muted' }, 'Không có bản tin.')].filter(k => k));
  }
  m.append(progs);
  const left = h('section', { class: 'card', 'aria-labelledby': 'h-left' }, h('h2', { id: 'h-left' }, 'Không phát và lý do'));
  const rows = [];
  for (const b of t.held) rows.push(h('li', {}, h('a', { href: bulletinLink(b.id) }, b.id), ' — ', badge(b.state),
    can('approver') ? [' ', h('button', { type: 'button', class: 'secondary', onclick: () => approve(b.id) }, 'Duyệt')] : null));
  for (const n of t.notes) rows.push(h('li', {}, h('a', { href: bulletinLink(n.id) }, n.title), ' — ' + n.note));
  left.append(rows.length ? h('ul', { class: 'plain' }, rows) : h('p', { class: 'muted' }, 'Không có.'));
  m.append(left);
  const fails = h('section', { class: 'card', 'aria-labelledby': 'h-fail' }, h('h2', { id: 'h-fail' }, 'Lỗi'));
  const f = [];
  for (const b of t.failed) f.push(h('li', {}, h('a', { href: bulletinLink(b.id) }, b.id), ' — ', b.reason));
  for (const a of t.air_failures) f.push(h('li', {}, badge(a.state), ' ' + a.what + (a.zone ? ' (' + a.zone + ')' : '') + ': ' + a.reason));
  fails.append(f.length ? h('ul', { class: 'plain' }, f) : h('p', { class: 'muted' }, 'Không có lỗi.'));
  m.append(fails);
}

async function approve(id) {
  try { await api('POST', '/api/bulletins/' + apiId(id) + '/approve'); toast('Đã duyệt.'); route(); }
  catch (e) { toast(e.message); }
}

/* ------------------------------------------------------------------ Lịch phát */

function mondayOf(d) { return addDays(d, -((d.getUTCDay() + 6) % 7)); }

async function pageWeek(arg) {
  const monday = mondayOf(day(/^\d{4}-\d\d-\d\d$/.test(arg) ? arg : today()));
  const sunday = addDays(monday, 6), prev = addDays(monday, -7), next = addDays(monday, 7);
  const m = page('Lịch phát',
    h('div', { class: 'row' },
      h('a', { class: 'button', href: '#lich-phat/' + isoDate(prev) }, '← Tuần trước'),
      h('strong', {}, dmy(isoDate(monday)) + ' – ' + dmy(isoDate(sunday))),
      h('a', { class: 'button', href: '#lich-phat/' + isoDate(next) }, 'Tuần sau →')));
  let t;
  try { t = await api('GET', '/api/schedule?from=' + isoDate(monday) + '&to=' + isoDate(sunday)); }
  catch (e) { return m.append(failBox(e)); }
  const week = h('div', { class: 'week', id: 'week' });
  const now = today();
  for (let i = 0; i < 7; i++) {
    const d = addDays(monday, i), iso = isoDate(d);
    const box = h('section', { class: 'day card' + (iso === now ? ' today' : ''), 'aria-label': WEEKDAYS[d.getUTCDay()] + ' ' + dmy(iso) },
      h('h3', {}, WEEKDAYS[d.getUTCDay()] + ' ' + dmy(iso).slice(0, 5)));
    for (const s of t.slots.filter(s => s.date === iso)) {
      box.append(h('div', { class: 'slotbox' },
        h('div', {}, h('strong', {}, s.label), ' ' + hhmm(s.start)),
        s.items.length ? h('ul', { class: 'items' }, s.items.map(it => h('li', {},
          h('a', { href: bulletinLink(it.id), 'data-id': it.id }, it.title, h('span', { class: 'muted' }, ' · ' + mins(it.seconds))))))
          : h('p', { class: 'muted' }, 'Trống')));
    }
    week.append(box);
  }
  m.append(week);
}

/* ------------------------------------------------------------------ Gửi bản tin */

function field(id, label, input, hint) {
  input.id = id;
  return [h('label', { for: id }, label, hint ? h('span', { class: 'hint' }, ' — ' + hint) : null), input];
}

async function pageSubmit() {
  const err = h('p', { class: 'error', role: 'alert', hidden: true });
  const text = h('textarea', { name: 'text' });
  const file = h('input', { type: 'file', name: 'file', accept: '.txt,.md,.docx,.odt,.pdf' });
  const title = h('input', { type: 'text', name: 'title' });
  const slots = h('fieldset', { class: 'checks' }, h('legend', {}, 'Buổi phát (không chọn: buổi gần nhất)'),
    S.slots.map(s => h('label', {}, h('input', { type: 'checkbox', name: 'slot', value: s.name }), s.label)));
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const times = h('input', { type: 'number', name: 'times', min: 1, max: 12, value: '' });
  const prio = h('select', { name: 'priority' }, h('option', { value: '' }, 'thường'),
    h('option', { value: 'ưu tiên' }, 'ưu tiên'), h('option', { value: 'khẩn cấp' }, 'khẩn cấp (phát ngay)'));
  const zones = S.zones.length ? h('fieldset', { class: 'checks' }, h('legend', {}, 'Khu vực (không chọn: tất cả)'),
    S.zones.map(z => h('label', {}, h('input', { type: 'checkbox', name: 'zone', value: z.label }), z.label))) : null;
  const send = h('button', { type: 'submit', id: 'send' }, 'Gửi bản tin');
  const form = h('form', { class: 'card', onsubmit: async ev => {
      ev.preventDefault();
      err.hidden = true;
      const f = {
        title: title.value.trim(), from: from.value, to: to.value, times: times.value, priority: prio.value,
        slots: [...slots.querySelectorAll('input:checked')].map(c => c.value).join(', '),
        zones: zones ? [...zones.querySelectorAll('input:checked')].map(c => c.value).join(', ') : '' };
      send.disabled = true;
      try {
        let r;
        if (file.files.length) {
          const fd = new FormData();
          for (const [k, v] of Object.entries(f)) if (v) fd.append(k, v);
          fd.append('file', file.files[0]);
          r = await api('POST', '/api/bulletins', fd);
        } else {
          const body = { text: text.value };
          for (const [k, v] of Object.entries(f)) if (v) body[k] = v;
          r = await api('POST', '/api/bulletins', body);
        }
        toast(r.held ? 'Đã gửi, chờ người duyệt.' : 'Đã gửi.');
        location.hash = bulletinLink(r.id);
      } catch (e) { err.textContent = e.status === 413 ? 'Tệp quá lớn.' : e.message; err.hidden = false; }
      send.disabled = false;
    } },
    field('f-text', 'Nội dung bản tin', text, 'dán văn bản vào đây'),
    field('f-file', 'Hoặc tải tệp lên', file, '.txt .docx .odt .pdf'),
    field('f-title', 'Tiêu đề', title),
    slots,
    h('div', { class: 'grid2' }, h('div', {}, field('f-from', 'Từ ngày', from)), h('div', {}, field('f-to', 'Đến ngày', to))),
    h('div', { class: 'grid2' }, h('div', {}, field('f-times', 'Số lần mỗi ngày', times)), h('div', {}, field('f-prio', 'Mức độ', prio))),
    zones, err, h('div', { class: 'row' }, send));
  page('Gửi bản tin', S.me.approval && S.me.role === 'editor'
    ? h('p', { class: 'muted' }, 'Bản tin của bạn sẽ chờ người duyệt trước khi lên lịch phát.') : null, form);
}

/* ------------------------------------------------------------------ Nghe thử */

function markLine(text, findings) {
  const chars = Array.from(text);
  const marks = new Array(chars.length).fill(null);
  for (const f of findings) {
    const n = Array.from(f.token).length;
    for (let i = f.col - 1; i < f.col - 1 + n && i < chars.length; i++) if (i >= 0) marks[i] = f;
  }
  const out = [];
  let i = 0;
  while (i < chars.length) {
    const f = marks[i];
    let j = i;
    while (j < chars.length && marks[j] === f) j++;
    const s = chars.slice(i, j).join('');
    out.push(f ? h('mark', { class: 'guess', title: f.reason }, s) : s);
    i = j;
  }
  return out;
}

async function pageHear(id) {
  id = decodeURIComponent(id || '');
  const m = page('Nghe thử');
  let b;
  try { b = await api('GET', '/api/bulletins/' + apiId(id)); } catch (e) { return m.append(failBox(e)); }
  const busy = b.state === 'queued' || b.state === 'building';
  m.querySelector('h1').textContent = 'Nghe thử: ' + b.title;
  const actions = h('div', { class: 'row' });
  if (can('approver') && b.state === 'awaiting-approval')
    actions.append(h('button', { type: 'button', id: 'approve', onclick: () => approve(b.id) }, 'Duyệt'));
  if (can('approver') && ['approved', 'awaiting-approval', 'queued'].includes(b.state))
    actions.append(h('button', { type: 'button', class: 'danger', id: 'withdraw', onclick: async () => {
      if (!confirm('Rút bản tin này khỏi mọi buổi phát sắp tới?')) return;
      try { await api('POST', '/api/bulletins/' + apiId(b.id) + '/withdraw'); toast('Đã rút bản tin.'); route(); }
      catch (e) { toast(e.message); } } }, 'Rút bản tin'));
  m.append(h('p', {}, 'Trạng thái: ', h('span', { id: 'state' }, badge(b.state)),
      b.reason ? ' — ' + b.reason : '', busy ? h('span', { class: 'muted' }, ' (tự cập nhật)') : null),
    actions);
  if (b.audio) m.append(h('audio', { controls: true, preload: 'metadata', id: 'player', src: '/api/bulletins/' + apiId(b.id) + '/audio' }));
  else if (busy) m.append(h('p', { class: 'muted' }, 'Đang dựng âm thanh…'));
  if (b.airings.length) m.append(h('h2', {}, 'Sẽ phát'), h('ul', { class: 'plain', id: 'airings' },
    b.airings.map(a => h('li', {}, WEEKDAYS[day(a.date).getUTCDay()] + ' ' + dmy(a.date) + ', ' + a.label +
      ' ' + hhmm(a.start) + (a.replay ? ' (phát lại lần ' + a.replay + ')' : '')))));
  if (b.aired.length) m.append(h('h2', {}, 'Đã phát'), h('ul', { class: 'plain' },
    b.aired.map(a => h('li', {}, when(a.start) + (a.zone ? ' (' + a.zone + ')' : '') +
      (a.completed ? '' : ' — bị cắt')))));
  m.append(h('h2', {}, 'Cách đọc', b.warnings.length ? h('span', { class: 'warn' }, ' — ' + b.warnings.length + ' chỗ phải đoán') : null));
  const list = h('ol', { class: 'reading', id: 'reading' });
  for (const l of b.reading) {
    list.append(h('li', {}, h('span', { class: 'n' }, l.line),
      h('div', {}, h('div', { class: 'text' }, markLine(l.text, l.findings)),
        h('div', { class: 'spoken' }, l.spoken),
        l.findings.map(f => h('div', { class: 'finding' }, '“' + f.token + '”: ' + f.reason + ' — ',
          h('a', { href: '#tu-dien/' + encodeURIComponent(f.token) }, 'sửa từ này'))))));
  }
  m.append(b.reading.length ? list : h('p', { class: 'muted' }, busy ? 'Đang đọc…' : 'Không có nội dung.'));
  if (busy) S.timers.push(setTimeout(() => { if (location.hash === bulletinLink(id)) route(); }, 1500));
}

/* ------------------------------------------------------------------ Từ điển */

async function pageLexicon(key) {
  const m = page('Từ điển riêng của xã');
  let t;
  try { t = await api('GET', '/api/lexicon'); } catch (e) { return m.append(failBox(e)); }
  const err = h('p', { class: 'error', role: 'alert', hidden: true });
  const table = h('select', { name: 'table' }, h('option', { value: 'abbr' }, 'chữ viết tắt (abbr)'),
    h('option', { value: 'loan' }, 'từ đọc theo cách khác (loan)'), h('option', { value: 'unit' }, 'đơn vị (unit)'));
  const k = h('input', { type: 'text', name: 'key', value: key ? decodeURIComponent(key) : '' });
  const spoken = h('input', { type: 'text', name: 'spoken' });
  const context = h('input', { type: 'text', name: 'context' });
  const player = h('audio', { controls: true, id: 'word-player', hidden: true });
  const hear = async text => {
    try {
      const res = await api('POST', '/api/speak', { text }, true);
      player.src = URL.createObjectURL(await res.blob());
      player.hidden = false;
      player.play().catch(() => {});
    } catch (e) { toast(e.message); }
  };
  const admin = can('admin');
  const form = h('form', { class: 'card', onsubmit: async ev => {
      ev.preventDefault();
      err.hidden = true;
      try {
        await api('POST', '/api/lexicon', { table: table.value, key: k.value.trim(), spoken: spoken.value.trim(), context: context.value.trim() });
        toast('Đã lưu. Bản tin mới sẽ đọc theo dòng này.');
        pageLexicon();
      } catch (e) { err.textContent = e.message; err.hidden = false; }
    } },
    h('h2', {}, 'Thêm hoặc sửa một dòng'),
    field('l-table', 'Loại', table),
    field('l-key', 'Từ viết', k, 'đúng như trong bản tin'),
    field('l-spoken', 'Cách đọc', spoken, 'chữ thường, âm tiết tiếng Việt'),
    field('l-context', 'Từ ngữ cảnh', context, 'không bắt buộc, cách nhau dấu phẩy'),
    err,
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'secondary', onclick: () => spoken.value.trim() && hear(spoken.value.trim()) }, 'Nghe cách đọc'),
      admin ? h('button', { type: 'submit', id: 'lex-save' }, 'Lưu') : h('span', { class: 'muted' }, 'Chỉ quản trị được lưu.')),
    player);
  m.append(t.editable ? form : h('p', { class: 'muted' }, 'Chưa khai báo từ điển riêng ([voice] lexicon trong loa.ini).'));
  const rows = t.rows.map(r => h('tr', {}, h('td', {}, r.table), h('td', {}, r.key), h('td', {}, r.spoken), h('td', {}, r.context),
    h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => hear(r.spoken) }, 'Nghe'),
      admin ? h('button', { type: 'button', class: 'link', onclick: () => {
        table.value = r.table; k.value = r.key; spoken.value = r.spoken; context.value = r.context; spoken.focus(); } }, 'Sửa') : null,
      admin ? h('button', { type: 'button', class: 'link', onclick: async () => {
        if (!confirm('Xoá dòng “' + r.key + '”?')) return;
        try { await api('POST', '/api/lexicon/delete', { table: r.table, key: r.key }); pageLexicon(); } catch (e) { toast(e.message); } } }, 'Xoá') : null)));
  m.append(h('h2', {}, 'Các dòng (' + t.rows.length + ')'), h('div', { class: 'scroll' }, h('table', {},
    h('thead', {}, h('tr', {}, ['Loại', 'Từ viết', 'Cách đọc', 'Ngữ cảnh', ''].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows))));
  if (key) spoken.focus();
}

/* ------------------------------------------------------------------ Nhật ký phát */

async function pageAirlog(month) {
  month = /^\d{4}-\d\d$/.test(month || '') ? month : today().slice(0, 7);
  const pick = h('input', { type: 'month', value: month, id: 'month' });
  const m = page('Nhật ký phát',
    h('form', { class: 'row', onsubmit: ev => { ev.preventDefault(); location.hash = '#nhat-ky/' + pick.value; } },
      h('label', { for: 'month' }, 'Tháng'), pick, h('button', { type: 'submit' }, 'Xem')),
    h('p', {}, 'Báo cáo tháng gửi huyện: ',
      h('a', { href: '/api/report?month=' + month + '&format=html', target: '_blank' }, 'xem để in (A4)'), ' · ',
      h('a', { href: '/api/report?month=' + month + '&format=csv' }, 'CSV'), ' · ',
      h('a', { href: '/api/report?month=' + month + '&format=ods' }, 'bảng tính ODS')));
  let t;
  try { t = await api('GET', '/api/airlog?month=' + month); } catch (e) { return m.append(failBox(e)); }
  const player = h('audio', { controls: true, hidden: true, id: 'air-player' });
  const rows = t.aired.map(a => h('tr', {},
    h('td', {}, dmy(a.date)), h('td', {}, hhmm(a.start)), h('td', {}, a.slot || 'khẩn'), h('td', {}, a.zone || 'tất cả'),
    h('td', {}, a.id ? h('a', { href: bulletinLink(a.id) }, a.title) : a.title), h('td', {}, mins(a.seconds)),
    h('td', {}, a.completed ? 'trọn vẹn' : 'bị cắt', a.interrupted ? ', ngắt vì tin khẩn' : ''),
    h('td', {}, a.id ? h('button', { type: 'button', class: 'link', onclick: () => {
      player.src = '/api/bulletins/' + apiId(a.id) + '/audio'; player.hidden = false; player.play().catch(() => {}); } }, 'Nghe') : '')));
  m.append(player, t.aired.length ? h('div', { class: 'scroll' }, h('table', {},
    h('thead', {}, h('tr', {}, ['Ngày', 'Giờ', 'Buổi', 'Khu vực', 'Nội dung', 'Thời lượng', 'Kết quả', ''].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows))) : h('p', { class: 'muted' }, 'Tháng này chưa có gì được phát.'));
}

/* ------------------------------------------------------------------ Loa */

async function pageSpeakers() {
  const m = page('Khu vực và loa');
  let t;
  try { t = await api('GET', '/api/zones'); } catch (e) { return m.append(failBox(e)); }
  m.append(h('h2', {}, 'Khu vực'), t.zones.length ? h('div', { class: 'scroll' }, h('table', {},
    h('thead', {}, h('tr', {}, ['Tên', 'Nhãn', 'Luồng (mount)'].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, t.zones.map(z => h('tr', {}, h('td', {}, z.name), h('td', {}, z.label), h('td', {}, z.mount)))))) :
    h('p', { class: 'muted' }, 'Một khu vực: cả xã nghe chung một luồng.'));
  m.append(h('h2', {}, 'Tình trạng loa'), !t.speakers_configured ? h('p', { class: 'muted' }, 'Chưa khai báo danh sách loa (speakers.ini).') :
    t.speakers_error ? h('p', { class: 'error' }, t.speakers_error) :
    h('ul', { class: 'plain' }, t.speakers.map(s => h('li', { class: /disconnected|mất/.test(s) ? 'warn' : '' }, s))));
}

/* ------------------------------------------------------------------ Người dùng */

async function pageUsers() {
  const m = page('Người dùng');
  let t, a;
  try { t = await api('GET', '/api/users'); a = await api('GET', '/api/audit'); } catch (e) { return m.append(failBox(e)); }
  const name = h('input', { type: 'text', autocomplete: 'off' });
  const role = h('select', {}, ['editor', 'approver', 'admin'].map(r => h('option', { value: r }, r)));
  const pw = h('input', { type: 'password', autocomplete: 'new-password' });
  m.append(h('div', { class: 'scroll' }, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Tên'), h('th', {}, 'Vai trò'), h('th', {}, ''))),
    h('tbody', {}, t.users.map(u => h('tr', {}, h('td', {}, u.name), h('td', {}, u.role), h('td', {},
      u.name === S.me.user ? '' : h('button', { type: 'button', class: 'link', onclick: async () => {
        if (!confirm('Xoá người dùng ' + u.name + '?')) return;
        try { await api('POST', '/api/users/' + encodeURIComponent(u.name) + '/delete'); pageUsers(); } catch (e) { toast(e.message); } } }, 'Xoá'))))))),
    h('form', { class: 'card', onsubmit: async ev => {
        ev.preventDefault();
        try { await api('POST', '/api/users', { name: name.value.trim(), role: role.value, password: pw.value }); pw.value = ''; toast('Đã lưu.'); pageUsers(); }
        catch (e) { toast(e.message); } } },
      h('h2', {}, 'Thêm hoặc đổi mật khẩu'), field('u-name', 'Tên', name), field('u-role', 'Vai trò', role),
      field('u-pw', 'Mật khẩu', pw, 'ít nhất 8 ký tự'), h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Lưu'))),
    h('h2', {}, 'Nhật ký thao tác'), h('div', { class: 'scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Lúc', 'Ai', 'Việc', 'Đối tượng', 'Chi tiết'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, a.actions.map(r => h('tr', {}, h('td', {}, when(r.at)), h('td', {}, r.user),
        h('td', {}, r.action), h('td', {}, r.target), h('td', {}, r.detail)))))));
}

/* ------------------------------------------------------------------ router */

const PAGES = { 'hom-nay': pageToday, 'lich-phat': pageWeek, 'gui': pageSubmit, 'nghe': pageHear,
  'tu-dien': pageLexicon, 'nhat-ky': pageAirlog, 'loa': pageSpeakers, 'nguoi-dung': pageUsers };

function route() {
  for (const t of S.timers) { clearInterval(t); clearTimeout(t); }
  S.timers = [];
  if (!S.me) return showLogin();
  const hash = location.hash.replace(/^#/, '') || 'hom-nay';
  const cut = hash.indexOf('/');
  const name = cut < 0 ? hash : hash.slice(0, cut), arg = cut < 0 ? '' : hash.slice(cut + 1);
  const fn = PAGES[name] || pageToday;
  for (const a of document.querySelectorAll('#nav a'))
    if (a.getAttribute('href') === '#' + name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  fn(arg).then(() => document.getElementById('main').focus({ preventScroll: true }));
}

window.addEventListener('hashchange', route);
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api('POST', '/api/logout'); } catch (e) { /* gone already */ }
    S.me = null;
    showLogin();
  });
  api('GET', '/api/me').then(() => start()).catch(() => showLogin());
});
