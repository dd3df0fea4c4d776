import { link, renderAction, renderActions, type ActionHandlers } from './actionControls';
import { el } from './dom';
import type { LineFlexNode, LineMessage, LineTemplate, LineTemplateColumn } from './lineMessage';
import type { PaletteSticker } from './simulatorConfig';
import { stickerCard } from './stickerCard';

/** What drawing a bot message needs besides the message. */
export interface ContentContext extends ActionHandlers {
  readonly stickers: readonly PaletteSticker[];
  /** Called when a picture in the chat has finished loading (it grew the chat). */
  imageLoaded(): void;
}

/** Only pictures of this server load (the page's CSP allows no other host); others stay links. */
function isOwnUrl(url: string | undefined): url is string {
  if (typeof url !== 'string') return false;
  try {
    return new URL(url, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

function picture(url: string, alt: string, context: ContentContext): HTMLImageElement {
  const image = el('img', { className: 'chat-image', attrs: { alt } });
  image.addEventListener('load', () => context.imageLoaded());
  image.src = url;
  return image;
}

function renderTemplateColumn(column: LineTemplateColumn, context: ContentContext): HTMLElement {
  return el('div', { className: 'card' }, [
    column.thumbnailImageUrl ? link(column.thumbnailImageUrl, 'Image') : null,
    column.title ? el('h3', { text: column.title }) : null,
    el('p', { text: column.text ?? '' }),
    renderActions(column.actions, context),
  ]);
}

function renderTemplate(template: LineTemplate | undefined, context: ContentContext): HTMLElement {
  if (!template) return el('div', { className: 'bubble', text: '[empty template]' });
  switch (template.type) {
    case 'buttons':
      return renderTemplateColumn(template, context);
    case 'confirm':
      return el('div', { className: 'card' }, [el('p', { text: template.text ?? '' }), renderActions(template.actions, context)]);
    case 'carousel':
      return el('div', { className: 'carousel' }, (template.columns ?? []).map((column) => renderTemplateColumn(column, context)));
    case 'image_carousel':
      return el('div', { className: 'carousel' }, (template.columns ?? []).map((column) => el('div', { className: 'card' }, [link(column.imageUrl, 'Image'), renderActions([column.action], context)])));
    default:
      return el('div', { className: 'bubble', text: `[template ${template.type ?? '?'}]` });
  }
}

function renderFlexComponent(node: LineFlexNode | undefined, context: ContentContext): HTMLElement | null {
  if (!node || typeof node !== 'object') return null;
  switch (node.type) {
    case 'box': {
      const box = el('div', { className: `flex-box ${node.layout ?? 'vertical'}` }, (node.contents ?? []).map((child) => renderFlexComponent(child, context)));
      if (node.action) box.appendChild(renderAction(node.action, context, false) ?? el('span'));
      return box;
    }
    case 'text': {
      const text = Array.isArray(node.contents) && node.contents.length > 0 ? node.contents.map((span) => span?.text ?? '').join('') : node.text;
      const paragraph = el('p', { className: node.weight === 'bold' ? 'flex-text bold' : 'flex-text', text: text ?? '' });
      return node.action ? el('div', {}, [paragraph, renderAction(node.action, context, false)]) : paragraph;
    }
    case 'image':
      return node.action ? el('div', {}, [link(node.url, 'Image'), renderAction(node.action, context, false)]) : link(node.url, 'Image');
    case 'video':
      return link(node.url, 'Video');
    case 'button':
      return renderAction(node.action, context, false);
    case 'separator':
      return el('hr');
    default:
      return null;
  }
}

function renderFlexBubble(bubble: LineFlexNode | undefined, context: ContentContext): HTMLElement {
  const blocks = (['header', 'hero', 'body', 'footer'] as const).map((block) => {
    const rendered = renderFlexComponent(bubble?.[block], context);
    return rendered ? el('div', { className: 'flex-block' }, [rendered]) : null;
  });
  return el('div', { className: 'flex-bubble flex' }, blocks);
}

function renderFlex(contents: LineFlexNode | undefined, context: ContentContext): HTMLElement {
  if (contents?.type === 'carousel') return el('div', { className: 'carousel' }, (contents.contents ?? []).map((bubble) => renderFlexBubble(bubble, context)));
  return renderFlexBubble(contents, context);
}

function substituteTextV2(message: LineMessage): string {
  const substitution = message.substitution ?? {};
  return String(message.text ?? '').replace(/\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => {
    const item = substitution[key];
    if (!item) return whole;
    if (item.type === 'mention') return item.mentionee?.type === 'all' ? '@All' : `@${item.mentionee?.userId ?? 'someone'}`;
    if (item.type === 'emoji') return '(emoji)';
    return whole;
  });
}

function renderImage(message: LineMessage, context: ContentContext): HTMLElement {
  const links = [link(message.originalContentUrl, 'Image'), el('span', { text: ' · ' }), link(message.previewImageUrl, 'preview')];
  const preview = isOwnUrl(message.previewImageUrl) ? picture(message.previewImageUrl, 'Image from the bot', context) : null;
  return el('div', { className: 'bubble media' }, [preview, preview ? el('br') : null, ...links]);
}

/**
 * Draws what the bot sent: text, stickers (as cards), media (own-server pictures shown, other media as links that
 * never load), locations, imagemaps, templates, flex bubbles and carousels, with every LINE action as a control.
 */
export function renderContent(message: LineMessage, context: ContentContext): HTMLElement {
  switch (message.type) {
    case 'text':
      return el('div', { className: 'bubble', text: message.text ?? '' });
    case 'textV2':
      return el('div', { className: 'bubble', text: substituteTextV2(message) });
    case 'sticker':
      return stickerCard(message.packageId, message.stickerId, context.stickers);
    case 'image':
      return renderImage(message, context);
    case 'video':
      return el('div', { className: 'bubble media' }, [link(message.originalContentUrl, 'Video')]);
    case 'audio':
      return el('div', { className: 'bubble media' }, [link(message.originalContentUrl, `Audio (${Math.round((message.duration ?? 0) / 1000)} s)`)]);
    case 'location':
      return el('div', { className: 'bubble', text: `Location: ${message.title ?? ''}\n${message.address ?? ''}\n(${message.latitude ?? '?'}, ${message.longitude ?? '?'})` });
    case 'imagemap':
      return el('div', { className: 'card' }, [
        el('p', { text: `Imagemap: ${message.altText ?? ''}` }),
        link(`${message.baseUrl ?? ''}/1040`, 'Image'),
        renderActions((message.actions ?? []).map((action) => (action.type === 'uri' ? { type: 'uri', uri: action.linkUri ?? '', label: action.label ?? '' } : action)), context),
      ]);
    case 'template':
      return el('div', {}, [el('div', { className: 'alt-text', text: `Template · ${message.altText ?? ''}` }), renderTemplate(message.template, context)]);
    case 'flex':
      return el('div', {}, [el('div', { className: 'alt-text', text: `Flex · ${message.altText ?? ''}` }), renderFlex(message.contents, context)]);
    default:
      return el('div', { className: 'bubble', text: `[${message.type ?? 'unknown'} message]` });
  }
}
