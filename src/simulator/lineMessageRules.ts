import { isBotSticker } from '../../adapters/line/lineStickers.js';

/** One broken rule, in LINE's error-detail shape: `{ message, property }` with a path such as `messages[0].text`. */
export interface ValidationDetail {
  readonly message: string;
  readonly property: string;
}

type Details = ValidationDetail[];
type JsonObject = Record<string, unknown>;

const MESSAGE_TYPES = ['text', 'textV2', 'sticker', 'image', 'video', 'audio', 'location', 'imagemap', 'template', 'flex'] as const;
const ACTION_TYPES = ['postback', 'message', 'uri', 'datetimepicker', 'camera', 'cameraRoll', 'location', 'richmenuswitch', 'clipboard'] as const;
const TEMPLATE_TYPES = ['buttons', 'confirm', 'carousel', 'image_carousel'] as const;
const URI_ACTION_SCHEMES = ['http:', 'https:', 'tel:', 'line:'];

/** Maximum messages in one reply or push. */
export const MAX_MESSAGES_PER_REQUEST = 5;
/** Maximum length of a text message. */
export const MAX_TEXT_LENGTH = 5000;
/** Maximum quick-reply buttons on one message. */
export const MAX_QUICK_REPLY_ITEMS = 13;

/** Type guard for a plain JSON object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a `messages` array against LINE's sending rules: 1..5 known message objects with their required fields,
 * text length, HTTPS media, quick replies, template and flex limits, and action fields.
 *
 * Lengths are counted in UTF-16 code units, the stricter reading of LINE's "characters".
 *
 * @returns every broken rule; empty when the messages would be accepted.
 * @example validateMessages([{ type: 'text', text: '' }]) // [{ message: 'May not be empty', property: 'messages[0].text' }]
 */
export function validateMessages(value: unknown, property = 'messages'): ValidationDetail[] {
  const details: Details = [];
  if (!Array.isArray(value)) {
    details.push({ message: 'Must be an array', property });
    return details;
  }
  if (value.length < 1 || value.length > MAX_MESSAGES_PER_REQUEST) {
    details.push({ message: `Size must be between 1 and ${MAX_MESSAGES_PER_REQUEST}`, property });
  }
  value.forEach((message, index) => checkMessage(details, message, `${property}[${index}]`));
  return details;
}

function checkMessage(d: Details, message: unknown, path: string): void {
  if (!objectAt(d, message, path)) return;
  if (!oneOf(d, message, 'type', path, MESSAGE_TYPES)) return;
  switch (message.type) {
    case 'text':
    case 'textV2':
      text(d, message, 'text', path, MAX_TEXT_LENGTH);
      break;
    case 'sticker':
      text(d, message, 'packageId', path, 100);
      text(d, message, 'stickerId', path, 100);
      if (typeof message.packageId === 'string' && typeof message.stickerId === 'string' && !isBotSticker(message.packageId, message.stickerId)) {
        // LINE refuses stickers outside the packages every bot may send.
        d.push({ message: 'Invalid sticker: not in a package bots may send', property: `${path}.stickerId` });
      }
      break;
    case 'image':
    case 'video':
      httpsUrl(d, message, 'originalContentUrl', path);
      httpsUrl(d, message, 'previewImageUrl', path);
      break;
    case 'audio':
      httpsUrl(d, message, 'originalContentUrl', path);
      if (!isPositiveInteger(message.duration)) d.push({ message: 'Must be a positive integer (milliseconds)', property: `${path}.duration` });
      break;
    case 'location':
      text(d, message, 'title', path, 100);
      text(d, message, 'address', path, 100);
      for (const key of ['latitude', 'longitude']) {
        if (typeof message[key] !== 'number') d.push({ message: 'Must be a number', property: `${path}.${key}` });
      }
      break;
    case 'imagemap':
      checkImagemap(d, message, path);
      break;
    case 'template':
      text(d, message, 'altText', path, 400);
      checkTemplate(d, message.template, `${path}.template`);
      break;
    case 'flex':
      text(d, message, 'altText', path, 400);
      checkFlexContainer(d, message.contents, `${path}.contents`);
      break;
  }
  if (message.quickReply !== undefined) checkQuickReply(d, message.quickReply, `${path}.quickReply`);
  if (message.sender !== undefined) checkSender(d, message.sender, `${path}.sender`);
}

function checkQuickReply(d: Details, quickReply: unknown, path: string): void {
  if (!objectAt(d, quickReply, path)) return;
  const items = array(d, quickReply, 'items', path, 1, MAX_QUICK_REPLY_ITEMS);
  items?.forEach((item, index) => {
    const itemPath = `${path}.items[${index}]`;
    if (!objectAt(d, item, itemPath)) return;
    if (item.type !== 'action') d.push({ message: "Must be 'action'", property: `${itemPath}.type` });
    if (item.imageUrl !== undefined) httpsUrl(d, item, 'imageUrl', itemPath);
    checkAction(d, item.action, `${itemPath}.action`, { labelRequired: true, labelMax: 20 });
  });
}

function checkSender(d: Details, sender: unknown, path: string): void {
  if (!objectAt(d, sender, path)) return;
  if (sender.name !== undefined) text(d, sender, 'name', path, 20);
  if (sender.iconUrl !== undefined) httpsUrl(d, sender, 'iconUrl', path);
}

function checkTemplate(d: Details, template: unknown, path: string): void {
  if (!objectAt(d, template, path)) return;
  if (!oneOf(d, template, 'type', path, TEMPLATE_TYPES)) return;
  const actionRule = { labelRequired: true, labelMax: 20 };
  switch (template.type) {
    case 'buttons': {
      const short = template.thumbnailImageUrl !== undefined || template.title !== undefined;
      text(d, template, 'text', path, short ? 60 : 160);
      if (template.title !== undefined) text(d, template, 'title', path, 40);
      if (template.thumbnailImageUrl !== undefined) httpsUrl(d, template, 'thumbnailImageUrl', path);
      if (template.defaultAction !== undefined) checkAction(d, template.defaultAction, `${path}.defaultAction`, {});
      array(d, template, 'actions', path, 1, 4)?.forEach((action, i) => checkAction(d, action, `${path}.actions[${i}]`, actionRule));
      break;
    }
    case 'confirm':
      text(d, template, 'text', path, 240);
      array(d, template, 'actions', path, 2, 2)?.forEach((action, i) => checkAction(d, action, `${path}.actions[${i}]`, actionRule));
      break;
    case 'carousel':
      array(d, template, 'columns', path, 1, 10)?.forEach((column, i) => {
        const columnPath = `${path}.columns[${i}]`;
        if (!objectAt(d, column, columnPath)) return;
        const short = column.thumbnailImageUrl !== undefined || column.title !== undefined;
        text(d, column, 'text', columnPath, short ? 60 : 120);
        if (column.title !== undefined) text(d, column, 'title', columnPath, 40);
        if (column.thumbnailImageUrl !== undefined) httpsUrl(d, column, 'thumbnailImageUrl', columnPath);
        if (column.defaultAction !== undefined) checkAction(d, column.defaultAction, `${columnPath}.defaultAction`, {});
        array(d, column, 'actions', columnPath, 1, 3)?.forEach((action, j) => checkAction(d, action, `${columnPath}.actions[${j}]`, actionRule));
      });
      break;
    case 'image_carousel':
      array(d, template, 'columns', path, 1, 10)?.forEach((column, i) => {
        const columnPath = `${path}.columns[${i}]`;
        if (!objectAt(d, column, columnPath)) return;
        httpsUrl(d, column, 'imageUrl', columnPath);
        checkAction(d, column.action, `${columnPath}.action`, { labelMax: 12 });
      });
      break;
  }
}

function checkFlexContainer(d: Details, contents: unknown, path: string): void {
  if (!objectAt(d, contents, path)) return;
  if (!oneOf(d, contents, 'type', path, ['bubble', 'carousel'])) return;
  if (contents.type === 'bubble') {
    checkFlexComponents(d, contents, path);
    return;
  }
  array(d, contents, 'contents', path, 1, 12)?.forEach((bubble, i) => {
    const bubblePath = `${path}.contents[${i}]`;
    if (!isJsonObject(bubble) || bubble.type !== 'bubble') d.push({ message: "Must be a flex container of type 'bubble'", property: `${bubblePath}.type` });
    else checkFlexComponents(d, bubble, bubblePath);
  });
}

/** Walks a bubble's blocks and components checking media URLs and actions; layout properties are not checked. */
function checkFlexComponents(d: Details, node: JsonObject, path: string): void {
  if ((node.type === 'image' || node.type === 'icon') && node.url !== undefined) httpsUrl(d, node, 'url', path);
  if (node.type === 'video') {
    httpsUrl(d, node, 'url', path);
    httpsUrl(d, node, 'previewUrl', path);
  }
  if (node.action !== undefined) checkAction(d, node.action, `${path}.action`, {});
  for (const block of ['header', 'hero', 'body', 'footer', 'altContent']) {
    const child = node[block];
    if (isJsonObject(child)) checkFlexComponents(d, child, `${path}.${block}`);
  }
  if (node.type !== 'bubble' && Array.isArray(node.contents)) {
    node.contents.forEach((child, i) => {
      if (isJsonObject(child)) checkFlexComponents(d, child, `${path}.contents[${i}]`);
    });
  }
}

function checkImagemap(d: Details, message: JsonObject, path: string): void {
  httpsUrl(d, message, 'baseUrl', path);
  text(d, message, 'altText', path, 400);
  const size = message.baseSize;
  if (!isJsonObject(size) || !isPositiveInteger(size.width) || !isPositiveInteger(size.height)) {
    d.push({ message: 'Must have a positive integer width and height', property: `${path}.baseSize` });
  }
  array(d, message, 'actions', path, 0, 50)?.forEach((action, i) => {
    const actionPath = `${path}.actions[${i}]`;
    if (!objectAt(d, action, actionPath)) return;
    if (!oneOf(d, action, 'type', actionPath, ['uri', 'message', 'clipboard'])) return;
    if (action.type === 'uri') uri(d, action, 'linkUri', actionPath);
    if (action.type === 'message') text(d, action, 'text', actionPath, 400);
    if (action.type === 'clipboard') text(d, action, 'clipboardText', actionPath, 1000);
  });
}

interface ActionRule {
  readonly labelRequired?: boolean;
  readonly labelMax?: number;
}

function checkAction(d: Details, action: unknown, path: string, rule: ActionRule): void {
  if (!objectAt(d, action, path)) return;
  if (!oneOf(d, action, 'type', path, ACTION_TYPES)) return;
  if (rule.labelRequired || action.label !== undefined) text(d, action, 'label', path, rule.labelMax ?? 100);
  switch (action.type) {
    case 'message':
      text(d, action, 'text', path, 300);
      break;
    case 'postback':
      text(d, action, 'data', path, 300);
      if (action.displayText !== undefined) text(d, action, 'displayText', path, 300);
      if (action.text !== undefined) text(d, action, 'text', path, 300);
      if (action.displayText !== undefined && action.text !== undefined) {
        d.push({ message: 'displayText and text cannot both be set', property: `${path}.displayText` });
      }
      break;
    case 'uri':
      uri(d, action, 'uri', path);
      break;
    case 'datetimepicker':
      text(d, action, 'data', path, 300);
      oneOf(d, action, 'mode', path, ['date', 'time', 'datetime']);
      break;
    case 'richmenuswitch':
      text(d, action, 'richMenuAliasId', path, 32);
      text(d, action, 'data', path, 300);
      break;
    case 'clipboard':
      text(d, action, 'clipboardText', path, 1000);
      break;
  }
}

function objectAt(d: Details, value: unknown, path: string): value is JsonObject {
  if (isJsonObject(value)) return true;
  d.push({ message: 'Must be an object', property: path });
  return false;
}

function text(d: Details, object: JsonObject, key: string, path: string, max: number): void {
  const value = object[key];
  const property = `${path}.${key}`;
  if (typeof value !== 'string') d.push({ message: value === undefined ? 'Must be specified' : 'Must be a string', property });
  else if (value.length === 0) d.push({ message: 'May not be empty', property });
  else if (value.length > max) d.push({ message: `Length must be between 1 and ${max}`, property });
}

function httpsUrl(d: Details, object: JsonObject, key: string, path: string): void {
  const before = d.length;
  text(d, object, key, path, 2000);
  if (d.length === before && !hasScheme(object[key] as string, ['https:'])) {
    d.push({ message: 'Must be an HTTPS URL', property: `${path}.${key}` });
  }
}

function uri(d: Details, object: JsonObject, key: string, path: string): void {
  const before = d.length;
  text(d, object, key, path, 1000);
  if (d.length === before && !hasScheme(object[key] as string, URI_ACTION_SCHEMES)) {
    d.push({ message: 'Must be an http, https, line or tel URI', property: `${path}.${key}` });
  }
}

function hasScheme(value: string, schemes: readonly string[]): boolean {
  try {
    return schemes.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function array(d: Details, object: JsonObject, key: string, path: string, min: number, max: number): unknown[] | undefined {
  const value = object[key];
  const property = `${path}.${key}`;
  if (!Array.isArray(value)) {
    d.push({ message: value === undefined ? 'Must be specified' : 'Must be an array', property });
    return undefined;
  }
  if (value.length < min || value.length > max) d.push({ message: `Size must be between ${min} and ${max}`, property });
  return value;
}

function oneOf(d: Details, object: JsonObject, key: string, path: string, allowed: readonly string[]): boolean {
  const value = object[key];
  if (typeof value === 'string' && allowed.includes(value)) return true;
  d.push({ message: `Must be one of the following values: [${allowed.join(', ')}]`, property: `${path}.${key}` });
  return false;
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
