/** The simulator page's style sheet: a plain chat layout, LINE-ish colours, visible keyboard focus. */
export const SIMULATOR_PAGE_STYLE = String.raw`
:root { --green: #06c755; --green-dark: #047a35; --bg: #8cabd9; --ink: #111; --muted: #555; --panel: #fff; --focus: #0b57d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; color: var(--ink); background: #f3f4f6; }
h1 { font-size: 1.3rem; margin: 0; }
h2 { font-size: 1.05rem; margin: 1rem 0 .5rem; }
code { font-size: .8rem; word-break: break-all; }
button, input, select { font: inherit; }
button { cursor: pointer; border: 1px solid #888; background: #fff; color: var(--ink); border-radius: 6px; padding: .35rem .7rem; }
button:hover { background: #eef; }
button:disabled { cursor: not-allowed; opacity: .55; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: .5rem; top: .5rem; background: #fff; padding: .3rem .6rem; z-index: 10; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.top { padding: .8rem 1rem; background: var(--green); color: #fff; }
.top .subtitle { margin: .2rem 0 0; font-size: .9rem; }
.layout { display: grid; grid-template-columns: minmax(220px, 300px) 1fr; gap: 1rem; padding: 1rem; max-width: 1100px; margin: 0 auto; }
@media (max-width: 760px) { .layout { grid-template-columns: 1fr; } }
.panel { background: var(--panel); border-radius: 10px; padding: .5rem 1rem 1rem; }
.stack { display: flex; flex-direction: column; gap: .3rem; }
.row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
.hint { color: var(--muted); font-size: .85rem; margin: .3rem 0; }
.chat { display: flex; flex-direction: column; background: var(--bg); border-radius: 10px; padding: .5rem; min-height: 70vh; }
.chat-title { margin: .2rem .5rem .5rem; color: #fff; }
.log { list-style: none; margin: 0; padding: .5rem; flex: 1; overflow-y: auto; max-height: 62vh; display: flex; flex-direction: column; gap: .6rem; }
.msg { display: flex; flex-direction: column; max-width: 80%; }
.msg.user { align-self: flex-end; align-items: flex-end; }
.msg.bot { align-self: flex-start; align-items: flex-start; }
.msg.system { align-self: center; max-width: 90%; font-size: .85rem; color: #fff; background: rgba(0,0,0,.25); border-radius: 12px; padding: .15rem .7rem; }
.bubble { background: #fff; border-radius: 16px; padding: .45rem .8rem; white-space: pre-wrap; word-break: break-word; }
.msg.user .bubble { background: #a5ea7e; }
.meta { font-size: .72rem; color: #f8f8f8; margin-top: .15rem; display: flex; gap: .4rem; align-items: center; }
.meta.error { color: #fff; background: #b3261e; border-radius: 4px; padding: 0 .3rem; }
.meta.warning { color: #000; background: #ffd966; border-radius: 4px; padding: 0 .3rem; }
.badge { font-size: .68rem; font-weight: 600; text-transform: uppercase; border-radius: 4px; padding: 0 .35rem; }
.badge.reply { background: #e0f2e9; color: var(--green-dark); }
.badge.push { background: #fde2cf; color: #8a3b00; }
.sticker { border: 2px dashed #fff; border-radius: 12px; padding: .8rem 1rem; color: #fff; background: rgba(0,0,0,.15); }
.user-image { max-width: 220px; max-height: 220px; border-radius: 12px; }
.media a, .card a, .flex a { color: #0b57d0; }
.alt-text { font-size: .75rem; color: #f0f0f0; margin-bottom: .2rem; }
.card, .flex-bubble { background: #fff; border-radius: 12px; padding: .6rem .8rem; min-width: 200px; max-width: 300px; }
.card h3 { font-size: .95rem; margin: 0 0 .3rem; }
.card p { margin: 0 0 .4rem; white-space: pre-wrap; }
.actions { display: flex; flex-direction: column; gap: .3rem; }
.action { display: block; text-align: center; border: 1px solid #ccc; border-radius: 8px; padding: .3rem .6rem; background: #fff; color: #0b57d0; text-decoration: none; }
.carousel { display: flex; gap: .5rem; overflow-x: auto; max-width: 100%; padding-bottom: .3rem; }
.flex-box { display: flex; flex-direction: column; gap: .25rem; }
.flex-box.horizontal, .flex-box.baseline { flex-direction: row; flex-wrap: wrap; gap: .5rem; }
.flex-text { margin: 0; white-space: pre-wrap; }
.flex-text.bold { font-weight: 700; }
.flex-block + .flex-block { margin-top: .5rem; }
.picker { display: flex; gap: .3rem; margin-top: .3rem; flex-wrap: wrap; }
.loading { margin: .3rem .6rem; color: #fff; font-style: italic; }
.quick-replies { display: flex; gap: .4rem; overflow-x: auto; padding: .4rem; }
.quick-replies .action { border-radius: 16px; white-space: nowrap; }
.composer { display: flex; gap: .5rem; padding: .4rem; }
.composer input { flex: 1; padding: .45rem .6rem; border-radius: 8px; border: 1px solid #888; }
.composer button { background: var(--green); color: #fff; border-color: var(--green-dark); }
.extras { padding: 0 .4rem; color: #fff; }
.sticker-palette { display: flex; flex-wrap: wrap; gap: .3rem; margin-top: .3rem; }
.status { min-height: 1.4em; margin: .3rem .6rem; color: #fff; font-weight: 600; }
.status.error { color: #fff; background: #b3261e; border-radius: 6px; padding: .2rem .5rem; }
`;
