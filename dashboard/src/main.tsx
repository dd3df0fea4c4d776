import { render } from 'preact';
import { App } from './App';
import { I18nProvider } from './i18n/I18nProvider';
import './styles.css';
import { followVisualViewport } from './viewport';

const root = document.getElementById('app');
followVisualViewport();
// The CJK and Thai fonts' stylesheet is large (the subsets' character lists): it loads beside the app, never before it.
void import('./fonts');
if (root) render(
    <I18nProvider>
      <App />
    </I18nProvider>,
    root,
  );
