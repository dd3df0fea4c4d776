import { SIMULATOR_PAGE_RENDERING } from './simulatorPageRendering.js';

/** The part of the page script that keeps the user, talks to the simulator API and wires the controls. */
const APP = String.raw`

  var STORAGE_KEY = 'lineSimulator.user.v1';
  var LANGUAGES = ['en', 'ja', 'th', 'zh-TW'];
  var MAX_IMAGE_BYTES = 5 * 1024 * 1024;
  var SAMPLE_LOCATION = { kind: 'location', title: 'Tokyo Station', address: '1 Chome Marunouchi, Chiyoda City, Tokyo', latitude: 35.681236, longitude: 139.767125 };

  var state = { config: null, user: null, stream: null, loadingTimer: null, webhookDeadlineMs: 2000 };

  function randomHex(bytes) {
    var values = new Uint8Array(bytes);
    crypto.getRandomValues(values);
    return Array.prototype.map.call(values, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }

  function newUser() {
    return { userId: 'U' + randomHex(16), displayName: 'Guest ' + randomHex(2), language: 'en' };
  }

  function loadUser() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
      if (saved && /^U[0-9a-f]{32}$/.test(saved.userId) && typeof saved.displayName === 'string' && LANGUAGES.indexOf(saved.language) >= 0) return saved;
    } catch (e) { /* a broken entry is replaced below */ }
    var user = newUser();
    saveUser(user);
    return user;
  }

  function saveUser(user) {
    try { localStorage.setItem(STORAGE_KEY, JSON.stringify(user)); } catch (e) { /* private mode: keep it for this tab only */ }
  }

  function userPath(suffix) {
    return '/simulator/api/users/' + encodeURIComponent(state.user.userId) + suffix;
  }

  async function callApi(method, path, body) {
    var init = { method: method, headers: {} };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    var response;
    try {
      response = await fetch(path, init);
    } catch (error) {
      return { status: 0, data: { message: 'The simulator server could not be reached.' } };
    }
    var data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    return { status: response.status, data: data };
  }

  // ---- status line and log -------------------------------------------------

  function setStatus(text, isError) {
    var status = byId('status');
    status.textContent = text || '';
    status.className = isError ? 'status error' : 'status';
  }

  function appendToLog(item) {
    var log = byId('log');
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function systemLine(text) {
    return appendToLog(el('li', { className: 'msg system', text: text }));
  }

  function timeLabel(at) {
    var date = at ? new Date(at) : new Date();
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function userLine(content) {
    var meta = el('span', { className: 'meta', text: 'sending…' });
    var item = el('li', { className: 'msg user' }, [content, meta]);
    appendToLog(item);
    return meta;
  }

  // ---- sending user events ---------------------------------------------------

  /**
   * Sends one simulated user action to the server, which signs it and posts it to the real webhook.
   * meta is the status line under the user's bubble (or null for actions without a bubble).
   */
  async function sendEvent(input, meta) {
    clearQuickReplies();
    var result = await callApi('POST', userPath('/events'), input);
    if (result.status !== 200 || !result.data) {
      var message = (result.data && result.data.message) || ('Simulator error ' + result.status);
      markMeta(meta, 'not sent: ' + message, 'error');
      setStatus(message, true);
      return false;
    }
    var webhookStatus = result.data.webhookStatus;
    if (webhookStatus < 200 || webhookStatus >= 300) {
      var text = 'Webhook answered ' + webhookStatus + (webhookStatus === 401 ? ' (signature rejected)' : '') + (webhookStatus === 503 ? ' (service unavailable)' : '');
      markMeta(meta, text, 'error');
      setStatus(text + '. LINE would count this delivery as failed.', true);
      return false;
    }
    if (result.data.elapsedMs > state.webhookDeadlineMs) {
      markMeta(meta, 'delivered in ' + result.data.elapsedMs + ' ms: too slow for LINE', 'warning');
      setStatus('The webhook took ' + result.data.elapsedMs + ' ms; LINE gives up after about ' + state.webhookDeadlineMs + ' ms.', true);
    } else {
      markMeta(meta, 'delivered · ' + timeLabel() + ' · ' + result.data.elapsedMs + ' ms', null);
      setStatus('', false);
    }
    return true;
  }

  function markMeta(meta, text, kind) {
    if (!meta) return;
    meta.textContent = text;
    meta.className = kind ? 'meta ' + kind : 'meta';
  }

  function sendText(text) {
    if (!text) return;
    var meta = userLine(el('div', { className: 'bubble', text: text }));
    return sendEvent({ kind: 'text', text: text }, meta);
  }

  function sendSticker(sticker) {
    var meta = userLine(el('div', { className: 'sticker', text: sticker.label, attrs: { role: 'img', 'aria-label': sticker.label } }));
    return sendEvent({ kind: 'sticker', packageId: sticker.packageId, stickerId: sticker.stickerId }, meta);
  }

  function sendPostback(data, displayText, params) {
    var meta = null;
    if (displayText) meta = userLine(el('div', { className: 'bubble', text: displayText }));
    else systemLine(params ? 'You picked ' + Object.keys(params).map(function (k) { return params[k]; }).join(' ') : 'You tapped a button');
    var input = { kind: 'postback', data: data };
    if (params) input.params = params;
    return sendEvent(input, meta);
  }

  function sendLocation() {
    var meta = userLine(el('div', { className: 'bubble', text: 'Location: ' + SAMPLE_LOCATION.title }));
    return sendEvent(SAMPLE_LOCATION, meta);
  }

  function sendImage(file) {
    if (!file) return;
    if (file.size > MAX_IMAGE_BYTES) {
      setStatus('That image is larger than 5 MB.', true);
      return;
    }
    if (['image/jpeg', 'image/png', 'image/gif', 'image/webp'].indexOf(file.type) < 0) {
      setStatus('Only JPEG, PNG, GIF and WebP images can be sent.', true);
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var dataUrl = String(reader.result);
      var base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
      var preview = el('img', { className: 'user-image', attrs: { alt: 'Your image: ' + file.name } });
      preview.src = URL.createObjectURL(file);
      var meta = userLine(preview);
      sendEvent({ kind: 'image', contentType: file.type, dataBase64: base64 }, meta);
    };
    reader.onerror = function () { setStatus('The image could not be read.', true); };
    reader.readAsDataURL(file);
  }

  // ---- stream, profile, setup ----------------------------------------------------

  function openStream() {
    if (state.stream) state.stream.close();
    var stream = new EventSource(userPath('/stream'));
    stream.addEventListener('bot-message', function (event) { renderBotMessage(JSON.parse(event.data)); });
    stream.addEventListener('loading', function (event) { showLoading(JSON.parse(event.data).loadingSeconds); });
    stream.onerror = function () { setStatus('Connection to the simulator lost; reconnecting…', true); };
    var openedBefore = false;
    stream.onopen = function () {
      if (byId('status').textContent.indexOf('Connection') === 0) setStatus('', false);
      // A reconnect usually means the server restarted and forgot the profile kept in memory.
      if (openedBefore) saveProfile();
      openedBefore = true;
    };
    state.stream = stream;
  }

  async function saveProfile() {
    var result = await callApi('PUT', userPath('/profile'), { displayName: state.user.displayName, language: state.user.language });
    if (result.status !== 200) setStatus('Profile not saved: ' + ((result.data && result.data.message) || result.status), true);
    return result.status === 200;
  }

  function showUser() {
    byId('display-name').value = state.user.displayName;
    byId('language').value = state.user.language;
    byId('user-id').textContent = state.user.userId;
  }

  async function switchUser(user) {
    state.user = user;
    saveUser(user);
    showUser();
    byId('log').replaceChildren();
    clearQuickReplies();
    hideLoading();
    openStream();
    await saveProfile();
  }

  function wireControls() {
    byId('composer').addEventListener('submit', function (event) {
      event.preventDefault();
      var input = byId('message-text');
      var text = input.value;
      if (!text.trim()) return;
      input.value = '';
      sendText(text);
    });
    byId('profile-form').addEventListener('submit', async function (event) {
      event.preventDefault();
      state.user.displayName = byId('display-name').value.trim() || state.user.displayName;
      state.user.language = byId('language').value;
      saveUser(state.user);
      if (await saveProfile()) setStatus('Profile saved: ' + state.user.displayName + ' (' + state.user.language + ').', false);
    });
    byId('new-user').addEventListener('click', function () {
      switchUser(newUser()).then(function () { setStatus('You are now a new user. Add the bot as a friend to start.', false); });
    });
    byId('follow').addEventListener('click', function () {
      systemLine('You added ' + botName() + ' as a friend');
      sendEvent({ kind: 'follow' }, null);
    });
    byId('unfollow').addEventListener('click', function () {
      systemLine('You blocked ' + botName());
      sendEvent({ kind: 'unfollow' }, null);
    });
    byId('image-input').addEventListener('change', function (event) {
      var input = event.target;
      sendImage(input.files && input.files[0]);
      input.value = '';
    });
    byId('failure-form').addEventListener('submit', async function (event) {
      event.preventDefault();
      var statusValue = byId('failure-status').value;
      var body = { status: statusValue === 'network' ? 'network' : Number(statusValue), count: Number(byId('failure-count').value) };
      var pathPrefix = byId('failure-path').value;
      if (pathPrefix) body.pathPrefix = pathPrefix;
      var result = await callApi('POST', '/simulator/api/fail', body);
      if (result.status === 200) {
        setStatus('The next ' + body.count + ' matching LINE API call(s) will fail with ' + body.status + '. Send a message to watch the bot retry.', false);
      } else {
        setStatus('Could not set up the failure: ' + ((result.data && result.data.message) || result.status), true);
      }
    });
  }

  function botName() {
    return (state.config && state.config.bot && state.config.bot.displayName) || 'the bot';
  }

  function renderStickerPalette(stickers) {
    var palette = byId('sticker-palette');
    palette.replaceChildren();
    stickers.forEach(function (sticker) {
      palette.appendChild(el('button', { text: sticker.label, attrs: { type: 'button' }, onClick: function () { sendSticker(sticker); } }));
    });
  }

  async function start() {
    wireControls();
    var result = await callApi('GET', '/simulator/api/config');
    if (result.status !== 200 || !result.data) {
      byId('account-info').textContent = 'The simulator API is not available (' + result.status + ').';
      return;
    }
    state.config = result.data;
    state.webhookDeadlineMs = result.data.webhookDeadlineMs || 2000;
    byId('account-info').textContent = 'Account "' + result.data.accountId + '" · webhook ' + result.data.webhookUrl;
    byId('bot-name').textContent = botName();
    renderStickerPalette(result.data.stickers || []);
    await switchUser(loadUser());
    byId('message-text').focus();
  }
`;

const START = String.raw`
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
`;

/**
 * The simulator page's whole script: plain browser JavaScript (no framework, no external resources), served as
 * `/simulator/assets/simulator.js`. It keeps a stable user id per browser in localStorage, saves the profile, sends the
 * user's actions to the simulator API and renders the bot's messages from the Server-Sent Events stream.
 */
export const SIMULATOR_PAGE_SCRIPT = ['(function () {', "  'use strict';", APP, SIMULATOR_PAGE_RENDERING, START, '})();', ''].join('\n');
