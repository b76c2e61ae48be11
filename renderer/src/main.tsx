import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { connectEvents } from './bridge/events';
import { startWindowLog } from './bridge/log';
import { ErrorBoundary } from './components/error-boundary';
import './styles/tokens.css';
import './styles/app.css';
import './styles/components.css';
import './styles/parts.css';

startWindowLog();
connectEvents();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element to render the app into');
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary where="The window">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
