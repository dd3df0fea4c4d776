import assert from 'node:assert/strict';
import { SUPPORTED_LANGUAGES } from '../../../dialogs/language/supportedLanguage';
import { DEFAULT_AUTOMATED_MESSAGES, renderTemplate } from '../../../dialogs/texts/automatedMessages';
import { minutesText } from '../../../dialogs/texts/durations';
import { textsFor } from '../../../dialogs/texts/textsFor';

describe('minutesText', () => {
  it('is plural-correct in English', () => {
    assert.equal(minutesText('en', 1), '1 minute');
    assert.equal(minutesText('en', 0), '0 minutes');
    assert.equal(minutesText('en', 5), '5 minutes');
  });

  it('gives each language its own unit, without a doubled unit in the default estimate', () => {
    assert.equal(minutesText('ja', 1), '1分');
    assert.equal(minutesText('th', 3), '3 นาที');
    assert.equal(minutesText('zh-TW', 2), '2分鐘');
    for (const language of SUPPORTED_LANGUAGES) {
      const rendered = renderTemplate(DEFAULT_AUTOMATED_MESSAGES[language].estimatedWait, { WaitDuration: textsFor(language).minutes(1), WaitTime: 1 });
      assert.ok(!/1 minutes|分分|นาที นาที|分鐘分鐘/.test(rendered), rendered);
      assert.ok(rendered.includes(textsFor(language).minutes(1)), rendered);
    }
  });
});
