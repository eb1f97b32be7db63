// The command layer: one function per user action, each taking a request and a Host.
export * from './host';
export * from './spelling';
export { releaseProduct, type ReleaseProductRequest, type ReleaseProductResult } from './release-product';
export { releaseWithDependencies, type ReleaseChain } from './release-with-dependencies';
export { abandonRelease, type AbandonRequest, type AbandonOutcome } from './abandon-release';
export { changeEnvironment, type EnvChangeRequest, type EnvChangeResult } from './change-environment';
export { readStatus, readWorkspaceStatus, type StatusRequest, type ProductStatus } from './read-status';
export { serveProduct, type ServeRequest } from './serve-product';
export { renderError } from './render-error';
export { listProducts, loadProductContext, type ProductContext } from './load-product-context';
export { readProductConfigs } from './read-product-configs';
export { stderrReporter } from './stderr-reporter';
export { terminalConfirm } from './terminal-confirm';
export { readFileAt } from './read-file-at';
export { pruneReleases, type PruneRequest, type PruneResult } from './prune-releases';
export { verifyReleases, type VerifyRequest, type VerifyResult } from './verify-releases';
