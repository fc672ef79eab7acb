import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
// antd's component styles as one static sheet (the theme's `zeroRuntime`): see shell/theme.ts.
import 'antd/dist/antd.css';
import './styles.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
