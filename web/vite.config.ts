import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** The web app: `pnpm --filter @meridian/web build` writes web/dist, which the server serves at `/`. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // echarts (imported per chart type; its core alone is large) and the rest of the libraries
    // change less often than the app: chunks of their own stay cached across releases
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `pnpm --filter @meridian/web dev` next to `pnpm start`: the API from the running server
    proxy: { '/api': process.env.MERIDIAN_API_URL ?? 'http://localhost:8080' },
  },
})
