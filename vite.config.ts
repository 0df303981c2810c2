import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is a plain static bundle: `base: './'` lets Electron load it from a file and the HTTP server
// serve it from any path.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
});
