// The version of Vite that new products are scaffolded for (the one tagdeploy is tested with).
export const viteVersion = '^8.3.8';
