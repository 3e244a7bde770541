import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { gzippedMnistFile, MNIST_FILES } from './scripts/mnist-files.js';
import { ISOLATION_HEADERS } from './scripts/static-server.js';

/** Emits the MNIST test and training sets into the build (and serves it in dev), so the built folder is self-contained. */
function mnistFiles(): Plugin {
  const entries = Object.entries(MNIST_FILES);
  return {
    name: 'mnistkit-mnist-files',
    async generateBundle() {
      for (const [fileName, source] of entries) {
        this.emitFile({ type: 'asset', fileName, source: await gzippedMnistFile(source) });
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]?.replace(/^\//, '') ?? '';
        const source = MNIST_FILES[path as keyof typeof MNIST_FILES];
        if (source === undefined) return next();
        gzippedMnistFile(source).then(
          (bytes) => {
            res.setHeader('Content-Type', 'application/gzip');
            res.end(bytes);
          },
          (error: unknown) => next(error),
        );
      });
    },
  };
}

export default defineConfig({
  // Relative URLs: the built folder works from any path on any static web server.
  base: './',
  // Dev and build run on the workspace packages' sources, so no library needs building first.
  resolve: { conditions: ['@mnistkit/source', ...defaultClientConditions] },
  plugins: [mnistFiles()],
  // Cross-origin isolation (SharedArrayBuffer, threads) in `vite` and `vite preview` too, as scripts/serve.js sends.
  server: { headers: { ...ISOLATION_HEADERS } },
  preview: { headers: { ...ISOLATION_HEADERS } },
  // Workers import the backends lazily (code-split chunks), which needs ES module workers.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
});
