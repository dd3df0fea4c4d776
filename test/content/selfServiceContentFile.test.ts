import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SUPPORTED_LANGUAGES } from '../../dialogs/language/supportedLanguage';
import { SelfServiceContentError, loadSelfServiceContent, parseSelfServiceContent } from '../../src/content/selfServiceContentFile';

const CONTENT_FILE = path.resolve('content/self-service.json');

type Json = Record<string, unknown>;

/** A fresh, mutable copy of the shipped file, to break one rule at a time. */
async function shippedJson(): Promise<Json & { topics: Json[]; menu: string[] }> {
  return JSON.parse(await readFile(CONTENT_FILE, 'utf8')) as Json & { topics: Json[]; menu: string[] };
}

function topic(json: { topics: Json[] }, index: number): Json {
  const found = json.topics[index];
  assert.ok(found, `topic ${index} exists`);
  return found;
}

function localizedField(json: { topics: Json[] }, index: number, field: string): Json {
  return topic(json, index)[field] as Json;
}

/** The error `parseSelfServiceContent` throws for `json`, asserted to be a {@link SelfServiceContentError}. */
function rejection(json: unknown): SelfServiceContentError {
  try {
    parseSelfServiceContent(json, 'test.json');
  } catch (error) {
    assert.ok(error instanceof SelfServiceContentError, `threw ${String(error)}`);
    return error;
  }
  assert.fail('the content was accepted');
}

describe('loadSelfServiceContent', () => {
  let directory: string;

  before(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'self-service-content-'));
  });

  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('loads the shipped content file', async () => {
    const content = await loadSelfServiceContent(CONTENT_FILE);
    assert.deepEqual(
      content.topics.map((topic) => topic.id),
      ['delivery-status', 'returns-refunds', 'change-cancel-order', 'payment-methods', 'invoice-receipt', 'account-login', 'app-trouble', 'opening-hours'],
    );
    assert.deepEqual(
      content.topics.map((topic) => topic.skill),
      ['orders', 'orders', 'orders', 'billing', 'billing', 'technical', 'technical', 'general'],
    );
    assert.equal(content.menu.length, 6);
    assert.equal(content.defaultSkill, 'general');
    assert.ok(Object.isFrozen(content) && Object.isFrozen(content.topics[0]?.keywords.ja));
  });

  it('ships content that follows the editorial rules', async () => {
    const content = await loadSelfServiceContent(CONTENT_FILE);
    for (const topic of content.topics) {
      for (const language of SUPPORTED_LANGUAGES) {
        const where = `${topic.id} (${language})`;
        assert.ok(topic.title[language].length <= 20, `${where} title`);
        const keywords = topic.keywords[language];
        assert.ok(keywords.length >= 5 && keywords.length <= 12, `${where}: ${keywords.length} keywords`);
        assert.equal(new Set(keywords).size, keywords.length, `${where}: duplicate keyword`);
        if (language !== 'en') assert.ok(keywords.every((keyword) => !/\s/.test(keyword)), `${where}: keyword with a space`);
        const questions = topic.questions[language].length;
        assert.ok(questions >= 3 && questions <= 5, `${where}: ${questions} questions`);
        assert.ok(topic.answer[language].length >= 80, `${where}: answer too short`);
      }
    }
  });

  it('reads a file with a byte order mark', async () => {
    const file = path.join(directory, 'bom.json');
    await writeFile(file, `\uFEFF${await readFile(CONTENT_FILE, 'utf8')}`);
    assert.equal((await loadSelfServiceContent(file)).topics.length, 8);
  });

  it('rejects a file that is not JSON, naming the file', async () => {
    const file = path.join(directory, 'broken.json');
    await writeFile(file, '{ "topics": [ ');
    await assert.rejects(loadSelfServiceContent(file), (error: unknown) => {
      assert.ok(error instanceof SelfServiceContentError);
      assert.equal(error.path, file);
      assert.equal(error.jsonPath, '');
      assert.equal(error.code, 'self_service_content_invalid');
      assert.match(error.message, /broken\.json: is not valid JSON/);
      return true;
    });
  });

  it('rejects a missing file, naming it', async () => {
    const file = path.join(directory, 'missing.json');
    await assert.rejects(loadSelfServiceContent(file), (error: unknown) => {
      assert.ok(error instanceof SelfServiceContentError);
      assert.equal(error.path, file);
      assert.match(error.message, /cannot be read: .*ENOENT/);
      return true;
    });
  });

  it('reports the file and the JSON path of a problem in a file', async () => {
    const json = await shippedJson();
    localizedField(json, 2, 'title').th = 'เปลี่ยนหรือยกเลิกคำสั่งซื้อ';
    const file = path.join(directory, 'long-title.json');
    await writeFile(file, JSON.stringify(json));
    await assert.rejects(loadSelfServiceContent(file), (error: unknown) => {
      assert.ok(error instanceof SelfServiceContentError);
      assert.equal(error.path, file);
      assert.equal(error.jsonPath, 'topics[2].title.th');
      assert.equal(error.message, `${file}: topics[2].title.th: must be at most 20 characters`);
      return true;
    });
  });
});

describe('parseSelfServiceContent', () => {
  it('rejects a title longer than 20 characters', async () => {
    const json = await shippedJson();
    localizedField(json, 0, 'title').en = 'Where is my delivery right now';
    const error = rejection(json);
    assert.equal(error.path, 'test.json');
    assert.deepEqual(error.issues, [{ jsonPath: 'topics[0].title.en', message: 'must be at most 20 characters' }]);
  });

  it('accepts a title of exactly 20 characters', async () => {
    const json = await shippedJson();
    localizedField(json, 0, 'title').en = 'x'.repeat(20);
    assert.equal(parseSelfServiceContent(json, 'test.json').topics[0]?.title.en, 'x'.repeat(20));
  });

  for (const field of ['title', 'keywords', 'questions', 'answer']) {
    it(`rejects a ${field} without Traditional Chinese`, async () => {
      const json = await shippedJson();
      delete localizedField(json, 3, field)['zh-TW'];
      const error = rejection(json);
      assert.equal(error.jsonPath, `topics[3].${field}.zh-TW`);
      assert.match(error.message, new RegExp(`topics\\[3\\]\\.${field}\\.zh-TW: is required`));
    });
  }

  it('rejects a language the bot does not speak', async () => {
    const json = await shippedJson();
    localizedField(json, 1, 'answer').ko = '반품은 30일 이내에 가능합니다.';
    assert.deepEqual(rejection(json).issues, [{ jsonPath: 'topics[1].answer.ko', message: 'is not a known field' }]);
  });

  it('rejects a duplicate topic id, pointing at the second one', async () => {
    const json = await shippedJson();
    topic(json, 4).id = 'payment-methods';
    const error = rejection(json);
    assert.equal(error.jsonPath, 'topics[4].id');
    assert.match(error.message, /topics\[4\]\.id: duplicates topics\[3\]\.id "payment-methods"/);
  });

  it('rejects a topic id that is not kebab-case', async () => {
    const json = await shippedJson();
    topic(json, 0).id = 'Delivery Status';
    assert.equal(rejection(json).jsonPath, 'topics[0].id');
  });

  it('rejects a menu entry that names no topic', async () => {
    const json = await shippedJson();
    json.menu[1] = 'gift-cards';
    const error = rejection(json);
    assert.deepEqual(error.issues, [{ jsonPath: 'menu[1]', message: 'names no topic: "gift-cards"' }]);
  });

  it('rejects a menu that lists a topic twice', async () => {
    const json = await shippedJson();
    json.menu.push('delivery-status');
    assert.equal(rejection(json).jsonPath, `menu[${json.menu.length - 1}]`);
  });

  it('rejects a menu of more than 10 topics', async () => {
    const json = await shippedJson();
    json.menu = Array.from({ length: 11 }, (_, index) => `topic-${index}`);
    const error = rejection(json);
    assert.equal(error.jsonPath, 'menu');
    assert.match(error.message, /menu: must list at most 10 topics/);
  });

  it('rejects an empty menu', async () => {
    const json = await shippedJson();
    json.menu = [];
    assert.equal(rejection(json).jsonPath, 'menu');
  });

  it('rejects an empty keyword list', async () => {
    const json = await shippedJson();
    localizedField(json, 5, 'keywords').ja = [];
    assert.deepEqual(rejection(json).issues, [{ jsonPath: 'topics[5].keywords.ja', message: 'must not be empty' }]);
  });

  it('rejects a blank keyword, which would match every message', async () => {
    const json = await shippedJson();
    localizedField(json, 5, 'keywords').th = ['รหัสผ่าน', '  '];
    assert.deepEqual(rejection(json).issues, [{ jsonPath: 'topics[5].keywords.th[1]', message: 'must not be empty' }]);
  });

  it('rejects an empty answer', async () => {
    const json = await shippedJson();
    localizedField(json, 7, 'answer').en = '';
    assert.deepEqual(rejection(json).issues, [{ jsonPath: 'topics[7].answer.en', message: 'must not be empty' }]);
  });

  it('rejects a keyword that is not a string', async () => {
    const json = await shippedJson();
    localizedField(json, 0, 'keywords').en = ['parcel', 42];
    assert.deepEqual(rejection(json).issues, [{ jsonPath: 'topics[0].keywords.en[1]', message: 'must be a string' }]);
  });

  it('rejects a missing default skill and an unknown top-level field', async () => {
    const json = await shippedJson();
    delete json.defaultSkill;
    json.defaultskill = 'general';
    assert.deepEqual(rejection(json).issues, [
      { jsonPath: 'defaultSkill', message: 'is required' },
      { jsonPath: 'defaultskill', message: 'is not a known field' },
    ]);
  });

  it('rejects a document that is not an object', () => {
    const error = rejection([]);
    assert.equal(error.jsonPath, '');
    assert.equal(error.message, 'test.json: must be an object');
  });

  it('lists every problem, the first one as jsonPath', async () => {
    const json = await shippedJson();
    localizedField(json, 0, 'title').ja = '配送状況の確認はこちらからお願いいたします';
    localizedField(json, 6, 'answer').th = ' ';
    const error = rejection(json);
    assert.deepEqual(
      error.issues.map((issue) => issue.jsonPath),
      ['topics[0].title.ja', 'topics[6].answer.th'],
    );
    assert.equal(error.jsonPath, 'topics[0].title.ja');
  });

  it('trims whitespace around texts', async () => {
    const json = await shippedJson();
    localizedField(json, 0, 'keywords').en = ['  parcel  ', 'tracking'];
    assert.deepEqual(parseSelfServiceContent(json, 'test.json').topics[0]?.keywords.en, ['parcel', 'tracking']);
  });
});
