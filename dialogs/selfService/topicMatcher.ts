import { SUPPORTED_LANGUAGES, type SupportedLanguage } from '../language/supportedLanguage';
import type { SelfServiceContent, SelfServiceTopic } from './selfServiceContent';

/** A topic recognised in what the customer wrote, with how sure the matcher is. */
export interface TopicMatch {
  readonly topic: SelfServiceTopic;
  /** Confidence in (0, 1]; at least {@link MATCH_THRESHOLD}. */
  readonly score: number;
}

/**
 * The lowest score {@link matchTopic} accepts.
 *
 * A single keyword hit of three Latin letters (`app`, `vat`) or one kanji pair (`返品`) in the
 * customer's language reaches it on its own (two Latin letters, two kana or one lone kanji do not); so does
 * a message that shares most of its distinctive words or character pairs with one example
 * question. Greetings and small talk hit no keyword and share at most one distinctive word with a
 * question, which counts half: against the shipped content they score at most about 0.22.
 * Every example question scores 1 for its own topic.
 */
export const MATCH_THRESHOLD = 0.47;

/** Weight of a keyword or example question written in another language than the customer's. */
const OTHER_LANGUAGE_FACTOR = 0.85;
/** Highest value the keyword part can reach, so that only a question match scores 1. */
const KEYWORD_SCORE_CAP = 0.95;
/** What each further keyword hit on the same topic adds. */
const EXTRA_HIT_BONUS = 0.1;

/** English words that say nothing about the topic. */
const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'about', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'been', 'but', 'by', 'can', 'could', 'did', 'do',
  'does', 'for', 'from', 'get', 'got', 'had', 'has', 'have', 'hello', 'hi', 'how', 'i', 'if', 'im', 'in', 'is', 'it',
  'its', 'just', 'me', 'my', 'of', 'on', 'or', 'our', 'please', 'pls', 's', 'should', 'so', 'some', 'that', 'the',
  'there', 'this', 'to', 'u', 'us', 'was', 'we', 'were', 'what', 'whats', 'when', 'where', 'which', 'why', 'will',
  'with', 'would', 'you', 'your',
]);

/** A feature vector: feature → weight, with its Euclidean norm. */
interface WeightedFeatures {
  readonly weights: ReadonlyMap<string, number>;
  readonly norm: number;
}

interface IndexedKeyword {
  readonly text: string;
  readonly strength: number;
  /** Whether a letter or digit may not come right before it (Latin keywords). */
  readonly wordStart: boolean;
}

interface LanguageIndex {
  /** Inverse topic frequency of each feature of this language's example questions. */
  readonly idf: ReadonlyMap<string, number>;
  /** Weight of a feature no example question has. */
  readonly unknownIdf: number;
}

interface IndexedTopic {
  readonly topic: SelfServiceTopic;
  readonly keywords: Readonly<Record<SupportedLanguage, readonly IndexedKeyword[]>>;
  readonly questions: Readonly<Record<SupportedLanguage, readonly WeightedFeatures[]>>;
}

interface ContentIndex {
  readonly languages: Readonly<Record<SupportedLanguage, LanguageIndex>>;
  readonly topics: readonly IndexedTopic[];
}

const indexes = new WeakMap<SelfServiceContent, ContentIndex>();

/**
 * The best topic for what the customer wrote, or `undefined` when no topic reaches
 * {@link MATCH_THRESHOLD}.
 *
 * Keywords (substrings, longer ones weigh more) and similarity to the example questions (words for
 * Latin script, character pairs for Japanese, Thai and Chinese) are combined; keywords and questions
 * of the customer's language count fully, those of the other languages a little less, since
 * customers mix languages. Ties go to the topic listed first. The content is indexed once per
 * content object.
 *
 * @example
 * const match = matchTopic(content, '荷物がまだ届かない', 'ja');
 * if (match !== undefined) await showAnswer(match.topic);
 */
export function matchTopic(content: SelfServiceContent, text: string, language: SupportedLanguage): TopicMatch | undefined {
  const normalized = normalize(text);
  if (normalized.trim() === '') return undefined;
  const index = indexFor(content);
  const features = extractFeatures(normalized);
  const vectors = perLanguage((other) => weigh(features, index.languages[other]));

  let best: TopicMatch | undefined;
  for (const indexed of index.topics) {
    let keywordScore = 0;
    let questionScore = 0;
    for (const other of SUPPORTED_LANGUAGES) {
      const factor = other === language ? 1 : OTHER_LANGUAGE_FACTOR;
      keywordScore = Math.max(keywordScore, factor * keywordHits(indexed.keywords[other], normalized));
      for (const question of indexed.questions[other]) questionScore = Math.max(questionScore, factor * similarity(vectors[other], question));
    }
    // Either signal alone can carry a match; together they reinforce each other.
    const score = Math.min(1, 1 - (1 - keywordScore) * (1 - questionScore));
    if (score >= MATCH_THRESHOLD && (best === undefined || score > best.score)) best = { topic: indexed.topic, score };
  }
  return best;
}

/**
 * The topic with this id, or `undefined`.
 *
 * @example const topic = findTopic(content, 'delivery-status');
 */
export function findTopic(content: SelfServiceContent, id: string): SelfServiceTopic | undefined {
  return content.topics.find((topic) => topic.id === id);
}

function normalize(text: string): string {
  // Phones type curly apostrophes; the content is written with straight ones.
  return text.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/\s+/g, ' ');
}

function indexFor(content: SelfServiceContent): ContentIndex {
  const cached = indexes.get(content);
  if (cached !== undefined) return cached;
  const index = buildIndex(content);
  indexes.set(content, index);
  return index;
}

function buildIndex(content: SelfServiceContent): ContentIndex {
  const topicCount = content.topics.length;
  const languages = perLanguage((language) => {
    const topicFrequency = new Map<string, number>();
    for (const topic of content.topics) {
      const seen = new Set(topic.questions[language].flatMap((question) => extractFeatures(normalize(question))));
      for (const feature of seen) topicFrequency.set(feature, (topicFrequency.get(feature) ?? 0) + 1);
    }
    const idf = new Map<string, number>();
    // Smoothed so that a feature every topic shares weighs almost nothing.
    for (const [feature, frequency] of topicFrequency) idf.set(feature, Math.log((topicCount + 1) / (frequency + 0.5)));
    return { idf, unknownIdf: Math.log((topicCount + 1) / 1.5) };
  });
  const topics = content.topics.map((topic) => ({
    topic,
    keywords: perLanguage((language) => topic.keywords[language].map(indexKeyword).filter((keyword) => keyword.text !== '')),
    questions: perLanguage((language) =>
      topic.questions[language].map((question) => weigh(extractFeatures(normalize(question)), languages[language])),
    ),
  }));
  return { languages, topics };
}

function perLanguage<T>(build: (language: SupportedLanguage) => T): Record<SupportedLanguage, T> {
  return { en: build('en'), ja: build('ja'), th: build('th'), 'zh-TW': build('zh-TW') };
}

function indexKeyword(keyword: string): IndexedKeyword {
  const text = normalize(keyword).trim();
  return { text, strength: keywordStrength(text), wordStart: /^[\p{Script=Latin}\p{Nd}]/u.test(text) };
}

/**
 * How much a keyword says on its own, from its length: a kanji carries about as much as two or
 * three Latin letters, a kana or Thai letter a little more than one; Thai vowel and tone marks
 * carry nothing extra.
 */
function keywordStrength(keyword: string): number {
  let units = 0;
  for (const character of keyword) {
    if (/\p{Script=Han}/u.test(character)) units += 2.5;
    else if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(character)) units += 1.3;
    else if (/\p{M}/u.test(character)) units += 0;
    else if (/\p{Script=Thai}/u.test(character)) units += 1.2;
    else if (/[\p{L}\p{Nd}]/u.test(character)) units += 1;
    else units += 0.3;
  }
  return Math.min(0.9, 0.2 + 0.1 * units);
}

/** The keyword part of a topic's score for one language's keywords, 0 when none occurs. */
function keywordHits(keywords: readonly IndexedKeyword[], text: string): number {
  const strengths = keywords.filter((keyword) => occurs(keyword, text)).map((keyword) => keyword.strength);
  if (strengths.length === 0) return 0;
  return Math.min(KEYWORD_SCORE_CAP, Math.max(...strengths) + EXTRA_HIT_BONUS * (strengths.length - 1));
}

function occurs(keyword: IndexedKeyword, text: string): boolean {
  let at = text.indexOf(keyword.text);
  while (at !== -1) {
    // `app` must not be found inside `happy`, while `返品` is found anywhere: CJK and Thai have no spaces.
    if (!keyword.wordStart || at === 0 || !/[\p{L}\p{Nd}]/u.test(text.charAt(at - 1))) return true;
    at = text.indexOf(keyword.text, at + 1);
  }
  return false;
}

/**
 * The features of a normalized text: Latin words (stop words dropped, lightly stemmed) and
 * character pairs of every run of other letters (Japanese, Thai, Chinese are written without spaces).
 */
function extractFeatures(text: string): string[] {
  const features: string[] = [];
  for (const run of text.replace(/'/g, '').match(/[\p{Script=Latin}\p{Nd}]+|[^\s\p{P}\p{S}\p{Script=Latin}\p{Nd}]+/gu) ?? []) {
    if (/^[\p{Script=Latin}\p{Nd}]/u.test(run)) {
      if (!ENGLISH_STOP_WORDS.has(run)) features.push(stem(run));
      continue;
    }
    // A Thai vowel or tone mark belongs to the letter before it; pairs of bare code points would match word fragments.
    const characters = run.match(/\P{M}\p{M}*/gu) ?? [];
    for (let i = 0; i + 1 < characters.length; i += 1) features.push(`${characters[i] ?? ''}${characters[i + 1] ?? ''}`);
  }
  return features;
}

/** A light English stemmer, enough for `crashes`/`crashing`/`crashed` → `crash`. */
function stem(word: string): string {
  let stemmed = word;
  if (stemmed.length > 4 && stemmed.endsWith('ies')) stemmed = `${stemmed.slice(0, -3)}y`;
  else if (/(?:ss|sh|ch|x)es$/.test(stemmed)) stemmed = stemmed.slice(0, -2);
  else if (stemmed.length > 3 && stemmed.endsWith('s') && !stemmed.endsWith('ss')) stemmed = stemmed.slice(0, -1);
  if (stemmed.length > 5 && stemmed.endsWith('ing')) stemmed = stemmed.slice(0, -3);
  else if (stemmed.length > 4 && stemmed.endsWith('ed')) stemmed = stemmed.slice(0, -2);
  if (stemmed.length > 4 && stemmed.endsWith('e')) stemmed = stemmed.slice(0, -1);
  return stemmed;
}

function weigh(features: readonly string[], language: LanguageIndex): WeightedFeatures {
  const weights = new Map<string, number>();
  for (const feature of new Set(features)) weights.set(feature, language.idf.get(feature) ?? language.unknownIdf);
  let sum = 0;
  for (const weight of weights.values()) sum += weight * weight;
  return { weights, norm: Math.sqrt(sum) };
}

/**
 * Cosine similarity of the customer's text to one example question, halved when they share a single
 * feature although the question has more: one common word (`name`) is a keyword's job, not a match.
 */
function similarity(text: WeightedFeatures, question: WeightedFeatures): number {
  if (text.norm === 0 || question.norm === 0) return 0;
  let dot = 0;
  let shared = 0;
  for (const [feature, weight] of text.weights) {
    const other = question.weights.get(feature);
    if (other === undefined) continue;
    dot += weight * other;
    shared += 1;
  }
  const evidence = Math.min(1, shared / Math.min(2, question.weights.size));
  return (evidence * dot) / (text.norm * question.norm);
}
