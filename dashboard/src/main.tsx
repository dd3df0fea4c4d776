import { render } from 'preact';
import { App } from './App';
import { I18nProvider } from './i18n/I18nProvider';
import './styles.css';

const root = document.getElementById('app');
if (root) render(
    <I18nProvider>
      <App />
    </I18nProvider>,
    root,
  );
