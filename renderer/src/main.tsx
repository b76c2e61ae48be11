import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { connectEvents } from './bridge/events';
import './styles/tokens.css';
import './styles/app.css';
import './styles/components.css';
import './styles/parts.css';

connectEvents();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
