/**
 * The simulator page's markup. It loads only its own script and style (the server sends a CSP that forbids anything
 * else); everything dynamic is filled in by the script with DOM APIs.
 */
export const SIMULATOR_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LINE simulator</title>
<link rel="stylesheet" href="/simulator/assets/simulator.css">
<script src="/simulator/assets/simulator.js" defer></script>
</head>
<body>
<a class="skip-link" href="#message-text">Skip to the message box</a>
<header class="top">
  <h1>LINE simulator</h1>
  <p class="subtitle">Chat as a LINE user. Messages go to the real webhook, signed like LINE's; the bot's answers come back through a fake Messaging API.</p>
  <p class="subtitle" id="account-info" aria-live="polite">Loading…</p>
</header>
<main class="layout">
  <section class="panel" aria-labelledby="user-heading">
    <h2 id="user-heading">You, the LINE user</h2>
    <form id="profile-form" class="stack">
      <label for="display-name">Display name</label>
      <input id="display-name" name="displayName" maxlength="20" required autocomplete="nickname">
      <label for="language">Language</label>
      <select id="language" name="language">
        <option value="en">English (en)</option>
        <option value="ja">日本語 (ja)</option>
        <option value="th">ไทย (th)</option>
        <option value="zh-TW">繁體中文 (zh-TW)</option>
      </select>
      <p class="hint">User id: <code id="user-id"></code></p>
      <div class="row">
        <button type="submit">Save profile</button>
        <button type="button" id="new-user">Start as a new user</button>
      </div>
    </form>
    <div class="row" role="group" aria-label="Friendship">
      <button type="button" id="follow">Add friend</button>
      <button type="button" id="unfollow">Block</button>
    </div>

    <h2 id="failure-heading">LINE API trouble</h2>
    <form id="failure-form" class="stack" aria-labelledby="failure-heading">
      <label for="failure-status">Make the bot's next LINE API calls fail with</label>
      <select id="failure-status" name="status">
        <option value="429">429 Too Many Requests</option>
        <option value="500">500 Internal Server Error</option>
        <option value="503">503 Service Unavailable</option>
        <option value="network">a dropped connection</option>
      </select>
      <label for="failure-count">Number of calls</label>
      <input id="failure-count" name="count" type="number" min="1" max="100" value="1" required>
      <label for="failure-path">Which calls</label>
      <select id="failure-path" name="pathPrefix">
        <option value="">any call</option>
        <option value="/v2/bot/message/reply">replies</option>
        <option value="/v2/bot/message/push">pushes</option>
        <option value="/v2/bot/chat/loading/start">loading animations</option>
      </select>
      <button type="submit">Simulate failure</button>
    </form>
  </section>

  <section class="chat" aria-labelledby="chat-heading">
    <h2 id="chat-heading" class="chat-title">Chat with <span id="bot-name">the bot</span></h2>
    <ol id="log" class="log" role="log" aria-live="polite" aria-relevant="additions" tabindex="0" aria-label="Conversation"></ol>
    <p id="loading" class="loading" hidden role="status">The bot is typing…</p>
    <div id="quick-replies" class="quick-replies" role="group" aria-label="Quick replies" hidden></div>
    <form id="composer" class="composer">
      <label for="message-text" class="visually-hidden">Message</label>
      <input id="message-text" name="text" maxlength="5000" autocomplete="off" placeholder="Type a message">
      <button type="submit">Send</button>
    </form>
    <div class="row extras">
      <details class="stickers">
        <summary>Stickers</summary>
        <div id="sticker-palette" class="sticker-palette" role="group" aria-label="Stickers"></div>
      </details>
      <label class="file-label" for="image-input">Send an image (up to 5 MB)</label>
      <input id="image-input" type="file" accept="image/jpeg,image/png,image/gif,image/webp">
    </div>
    <p id="status" class="status" role="status" aria-live="polite"></p>
  </section>
</main>
</body>
</html>
`;
