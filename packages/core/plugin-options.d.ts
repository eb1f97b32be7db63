export * from './dist/plugin-options';
