import { defineConfig } from 'vite';
import { shopConfig } from '../../tools/vite.shared.mjs';

export default defineConfig(shopConfig({ projectRoot: 'apps/checkout' }));
