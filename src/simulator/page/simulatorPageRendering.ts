/**
 * Browser code, kept as text, that draws what the bot sent: text, stickers (as labelled placeholders), media (as links,
 * never loaded), locations, imagemaps, templates, flex bubbles and carousels, quick replies, and every LINE action as
 * a control. It is spliced into {@link SIMULATOR_PAGE_SCRIPT}'s scope and calls its `sendText`, `sendPostback`,
 * `sendLocation`, `setStatus` and `randomHex`. Text is only ever set with `textContent`.
 */
export const SIMULATOR_PAGE_RENDERING = String.raw`
  function byId(id) { return document.getElementById(id); }

  /** Creates an element; text always goes through textContent, never through HTML parsing. */
  function el(tag, options, children) {
    var node = document.createElement(tag);
    var opts = options || {};
    if (opts.className) node.className = opts.className;
    if (opts.text !== undefined && opts.text !== null) node.textContent = String(opts.text);
    if (opts.attrs) {
      Object.keys(opts.attrs).forEach(function (name) { node.setAttribute(name, String(opts.attrs[name])); });
    }
    if (opts.onClick) node.addEventListener('click', opts.onClick);
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // ---- rendering what the bot sent --------------------------------------------

  function link(url, label) {
    if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
      return el('a', { text: label || url, attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' } });
    }
    return el('span', { text: (label ? label + ': ' : '') + String(url) });
  }

  function actionLabel(action) {
    return action.label || action.displayText || action.text || action.uri || action.type;
  }

  /** A control for a LINE action: buttons send what LINE would send; uri actions are plain links. */
  function renderAction(action, fromQuickReply) {
    if (!action || typeof action !== 'object') return null;
    var label = actionLabel(action);
    var done = function () { if (fromQuickReply) clearQuickReplies(); };
    switch (action.type) {
      case 'message':
        return el('button', { className: 'action', text: label, attrs: { type: 'button' }, onClick: function () { done(); sendText(action.text); } });
      case 'postback':
        return el('button', {
          className: 'action', text: label, attrs: { type: 'button' },
          onClick: function () { done(); sendPostback(action.data, action.displayText || action.text || null, null); },
        });
      case 'uri':
        if (/^https?:\/\//i.test(action.uri || '')) {
          return el('a', { className: 'action', text: label, attrs: { href: action.uri, target: '_blank', rel: 'noopener noreferrer' } });
        }
        return el('button', { className: 'action', text: label + ' (' + action.uri + ')', attrs: { type: 'button', disabled: 'disabled', title: 'Opens only inside the LINE app' } });
      case 'datetimepicker':
        return renderDatetimePicker(action, label, done);
      case 'camera':
      case 'cameraRoll':
        return el('button', { className: 'action', text: label, attrs: { type: 'button' }, onClick: function () { done(); byId('image-input').click(); } });
      case 'location':
        return el('button', { className: 'action', text: label, attrs: { type: 'button' }, onClick: function () { done(); sendLocation(); } });
      case 'clipboard':
        return el('button', {
          className: 'action', text: label, attrs: { type: 'button' },
          onClick: function () {
            if (navigator.clipboard) navigator.clipboard.writeText(action.clipboardText || '').then(function () { setStatus('Copied to the clipboard.', false); });
          },
        });
      default:
        return el('button', { className: 'action', text: label, attrs: { type: 'button', disabled: 'disabled', title: action.type + ' actions are not simulated' } });
    }
  }

  function renderDatetimePicker(action, label, done) {
    var wrapper = el('div', {});
    var inputType = action.mode === 'date' ? 'date' : action.mode === 'time' ? 'time' : 'datetime-local';
    var paramName = action.mode === 'date' ? 'date' : action.mode === 'time' ? 'time' : 'datetime';
    var open = el('button', { className: 'action', text: label, attrs: { type: 'button', 'aria-expanded': 'false' } });
    wrapper.appendChild(open);
    open.addEventListener('click', function () {
      if (wrapper.querySelector('form')) return;
      open.setAttribute('aria-expanded', 'true');
      var inputId = 'picker-' + randomHex(4);
      var input = el('input', { attrs: { id: inputId, type: inputType, required: 'required' } });
      if (action.initial) input.value = action.initial;
      if (action.min) input.setAttribute('min', action.min);
      if (action.max) input.setAttribute('max', action.max);
      var form = el('form', { className: 'picker' }, [
        el('label', { text: 'Pick a ' + paramName, attrs: { for: inputId } }),
        input,
        el('button', { text: 'Send', attrs: { type: 'submit' } }),
      ]);
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        if (!input.value) return;
        var params = {};
        params[paramName] = input.value;
        done();
        form.remove();
        open.setAttribute('aria-expanded', 'false');
        sendPostback(action.data, null, params);
      });
      wrapper.appendChild(form);
      input.focus();
    });
    return wrapper;
  }

  function renderActions(actions) {
    return el('div', { className: 'actions' }, (actions || []).map(function (a) { return renderAction(a, false); }));
  }

  function renderTemplateColumn(column) {
    return el('div', { className: 'card' }, [
      column.thumbnailImageUrl ? link(column.thumbnailImageUrl, 'Image') : null,
      column.title ? el('h3', { text: column.title }) : null,
      el('p', { text: column.text }),
      renderActions(column.actions),
    ]);
  }

  function renderTemplate(template) {
    if (!template) return el('div', { className: 'bubble', text: '[empty template]' });
    switch (template.type) {
      case 'buttons':
        return renderTemplateColumn(template);
      case 'confirm':
        return el('div', { className: 'card' }, [el('p', { text: template.text }), renderActions(template.actions)]);
      case 'carousel':
        return el('div', { className: 'carousel' }, (template.columns || []).map(renderTemplateColumn));
      case 'image_carousel':
        return el('div', { className: 'carousel' }, (template.columns || []).map(function (column) {
          return el('div', { className: 'card' }, [link(column.imageUrl, 'Image'), renderActions([column.action])]);
        }));
      default:
        return el('div', { className: 'bubble', text: '[template ' + template.type + ']' });
    }
  }

  function renderFlexComponent(node) {
    if (!node || typeof node !== 'object') return null;
    switch (node.type) {
      case 'box': {
        var box = el('div', { className: 'flex-box ' + (node.layout || 'vertical') }, (node.contents || []).map(renderFlexComponent));
        if (node.action) box.appendChild(renderAction(node.action, false));
        return box;
      }
      case 'text': {
        var text = Array.isArray(node.contents) && node.contents.length > 0
          ? node.contents.map(function (span) { return span && span.text ? span.text : ''; }).join('')
          : node.text;
        var paragraph = el('p', { className: node.weight === 'bold' ? 'flex-text bold' : 'flex-text', text: text || '' });
        if (!node.action) return paragraph;
        return el('div', {}, [paragraph, renderAction(node.action, false)]);
      }
      case 'image':
        return node.action ? el('div', {}, [link(node.url, 'Image'), renderAction(node.action, false)]) : link(node.url, 'Image');
      case 'video':
        return link(node.url, 'Video');
      case 'button':
        return renderAction(node.action, false);
      case 'separator':
        return el('hr', {});
      default:
        return null;
    }
  }

  function renderFlexBubble(bubble) {
    var parts = ['header', 'hero', 'body', 'footer'].map(function (block) {
      var component = bubble && bubble[block];
      if (!component) return null;
      var rendered = renderFlexComponent(component);
      return rendered ? el('div', { className: 'flex-block' }, [rendered]) : null;
    });
    return el('div', { className: 'flex-bubble flex' }, parts);
  }

  function renderFlex(contents) {
    if (contents && contents.type === 'carousel') {
      return el('div', { className: 'carousel' }, (contents.contents || []).map(renderFlexBubble));
    }
    return renderFlexBubble(contents);
  }

  function substituteTextV2(message) {
    var substitution = message.substitution || {};
    return String(message.text).replace(/\{([A-Za-z0-9_]+)\}/g, function (whole, key) {
      var item = substitution[key];
      if (!item) return whole;
      if (item.type === 'mention') return item.mentionee && item.mentionee.type === 'all' ? '@All' : '@' + ((item.mentionee && item.mentionee.userId) || 'someone');
      if (item.type === 'emoji') return '(emoji)';
      return whole;
    });
  }

  function renderContent(message) {
    switch (message.type) {
      case 'text':
        return el('div', { className: 'bubble', text: message.text });
      case 'textV2':
        return el('div', { className: 'bubble', text: substituteTextV2(message) });
      case 'sticker': {
        var label = 'Sticker ' + message.packageId + '/' + message.stickerId;
        return el('div', { className: 'sticker', text: label, attrs: { role: 'img', 'aria-label': label } });
      }
      case 'image':
        return el('div', { className: 'bubble media' }, [link(message.originalContentUrl, 'Image'), el('span', { text: ' · ' }), link(message.previewImageUrl, 'preview')]);
      case 'video':
        return el('div', { className: 'bubble media' }, [link(message.originalContentUrl, 'Video')]);
      case 'audio':
        return el('div', { className: 'bubble media' }, [link(message.originalContentUrl, 'Audio (' + Math.round((message.duration || 0) / 1000) + ' s)')]);
      case 'location':
        return el('div', { className: 'bubble', text: 'Location: ' + message.title + '\n' + message.address + '\n(' + message.latitude + ', ' + message.longitude + ')' });
      case 'imagemap':
        return el('div', { className: 'card' }, [
          el('p', { text: 'Imagemap: ' + message.altText }),
          link(message.baseUrl + '/1040', 'Image'),
          el('div', { className: 'actions' }, (message.actions || []).map(function (action) {
            var asAction = action.type === 'uri' ? { type: 'uri', uri: action.linkUri, label: action.label } : action;
            return renderAction(asAction, false);
          })),
        ]);
      case 'template':
        return el('div', {}, [el('div', { className: 'alt-text', text: 'Template · ' + message.altText }), renderTemplate(message.template)]);
      case 'flex':
        return el('div', {}, [el('div', { className: 'alt-text', text: 'Flex · ' + message.altText }), renderFlex(message.contents)]);
      default:
        return el('div', { className: 'bubble', text: '[' + message.type + ' message]' });
    }
  }

  function renderBotMessage(payload) {
    hideLoading();
    var message = payload.message || {};
    var badge = el('span', {
      className: 'badge ' + payload.via,
      text: payload.via === 'push' ? 'push (paid)' : 'reply',
      attrs: { title: payload.via === 'push' ? 'Sent as a push message: counts against the paid quota' : 'Sent with a reply token: free' },
    });
    var sender = message.sender && message.sender.name ? el('span', { text: message.sender.name }) : null;
    var meta = el('span', { className: 'meta' }, [badge, sender, el('span', { text: timeLabel(payload.at) })]);
    appendToLog(el('li', { className: 'msg bot' }, [renderContent(message), meta]));
    if (message.quickReply && Array.isArray(message.quickReply.items)) renderQuickReplies(message.quickReply.items);
    else clearQuickReplies();
  }

  function renderQuickReplies(items) {
    var container = byId('quick-replies');
    container.replaceChildren();
    items.forEach(function (item) {
      var control = renderAction(item && item.action, true);
      if (control) container.appendChild(control);
    });
    container.hidden = container.childElementCount === 0;
  }

  function clearQuickReplies() {
    var container = byId('quick-replies');
    container.replaceChildren();
    container.hidden = true;
  }

  function showLoading(seconds) {
    var loading = byId('loading');
    loading.hidden = false;
    clearTimeout(state.loadingTimer);
    state.loadingTimer = setTimeout(hideLoading, seconds * 1000);
  }

  function hideLoading() {
    clearTimeout(state.loadingTimer);
    byId('loading').hidden = true;
  }
`;
