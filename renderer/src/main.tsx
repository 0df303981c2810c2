import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDefaultApiClient } from './api';
import { ApiContext } from './api/ApiContext';
import { App } from './app/App';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

createRoot(container).render(
  <StrictMode>
    <ApiContext value={createDefaultApiClient()}>
      <App />
    </ApiContext>
  </StrictMode>,
);
