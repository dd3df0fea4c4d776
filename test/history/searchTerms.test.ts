import assert from 'node:assert/strict';
import { indexTermsOf, parseTextSearch, textsMatch } from '../../src/history/searchTerms';

describe('search terms: words, and character pairs of unspaced text', () => {
  it('cuts Latin text into whole lower-case words and NFKC-normalises full-width letters', () => {
    assert.deepEqual(indexTermsOf('Where is my ＰＡＲＣＥＬ? Order #A12', 100), ['where', 'is', 'my', 'parcel', 'order', 'a12']);
  });

  it('cuts Japanese, Chinese and Thai into overlapping pairs, a script change ending a run', () => {
    assert.deepEqual(indexTermsOf('返品したい', 100), ['返品', '品し', 'した', 'たい']);
    assert.deepEqual(indexTermsOf('退貨，謝謝', 100), ['退貨', '謝謝']);
    assert.deepEqual(indexTermsOf('คืนเงิน', 100).slice(0, 2), ['คื', 'ืน']);
    assert.deepEqual(indexTermsOf('ｶﾀｶﾅ', 100), ['カタ', 'タカ', 'カナ'], 'half-width katakana is the same as full-width');
    assert.deepEqual(indexTermsOf('東京abcไทย', 100), ['東京', 'abc', 'ไท', 'ทย']);
  });

  it('keeps at most the limit of terms', () => {
    assert.equal(indexTermsOf('one two three four', 2).length, 2);
  });

  it('parses a search; a single unspaced character or punctuation alone is nothing to look up', () => {
    assert.deepEqual(parseTextSearch('返品 Refund')?.pieces, [{ kind: 'run', text: '返品' }, { kind: 'word', text: 'refund' }]);
    assert.equal(parseTextSearch('返'), undefined);
    assert.equal(parseTextSearch('?!'), undefined);
  });

  it('confirms a run as a substring of one message and a word as a whole word', () => {
    const search = parseTextSearch('東京都 train');
    assert.ok(search);
    assert.equal(textsMatch(['I went from 東京 to 京都 by train'], search), false);
    assert.equal(textsMatch(['東京都に住んでいます', 'by train'], search), true);
    assert.equal(textsMatch(['東京都 trains'], search), false, 'a word is not a prefix');
  });
});
